import type { Locale } from '@parley/contracts';

const en = {
  placeholder: 'Type a message…',
  send: 'Send',
  close: 'Close chat',
  messages: 'Messages',
  tabs: 'Conversation',
  assistant: 'AI Assistant',
  human: 'Live Support',
  unseen: 'new messages',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline. Your messages will be sent when the connection is back.',
  sending: 'Sending…',
  notSent: 'Not sent',
  seen: 'Seen',
  you: 'You',
  agent: 'Support',
  agentTyping: 'An agent is typing…',
  greeting: 'Hi! How can we help you today?',
  humanIntro: 'Write to us here and a member of our team will reply.',
  dismiss: 'Dismiss',
  newMessage: 'New message from {name}: {text}',
  tooLong: 'Messages can be at most {max} characters; yours has {length}.',
  rateLimited: 'You are sending messages too quickly. We will try again in a moment.',
  identityRequired: 'Please sign in on this site to chat with us. Your message will be sent then.',
  rejected: 'Your message could not be sent.',
  sendFailed: 'Sending failed. We will try again.',
  quickReplies: 'Suggested replies',
  sources: 'Sources',
  handoffNote: "You're now chatting with our team.",
};

export type Texts = typeof en;

const vi: Texts = {
  placeholder: 'Nhập tin nhắn…',
  send: 'Gửi',
  close: 'Đóng cửa sổ chat',
  messages: 'Tin nhắn',
  tabs: 'Cuộc trò chuyện',
  assistant: 'Trợ lý AI',
  human: 'Hỗ trợ trực tiếp',
  unseen: 'tin nhắn mới',
  connecting: 'Đang kết nối…',
  reconnecting: 'Đang kết nối lại…',
  offline: 'Mất kết nối. Tin nhắn của bạn sẽ được gửi khi có kết nối trở lại.',
  sending: 'Đang gửi…',
  notSent: 'Chưa gửi được',
  seen: 'Đã xem',
  you: 'Bạn',
  agent: 'Hỗ trợ viên',
  agentTyping: 'Hỗ trợ viên đang nhập…',
  greeting: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?',
  humanIntro: 'Hãy nhắn cho chúng tôi tại đây, nhân viên hỗ trợ sẽ trả lời bạn.',
  dismiss: 'Bỏ qua',
  newMessage: 'Tin nhắn mới từ {name}: {text}',
  tooLong: 'Tin nhắn tối đa {max} ký tự; tin của bạn có {length} ký tự.',
  rateLimited: 'Bạn đang gửi tin quá nhanh. Chúng tôi sẽ thử lại sau giây lát.',
  identityRequired: 'Vui lòng đăng nhập trên trang này để trò chuyện. Tin nhắn sẽ được gửi sau khi đăng nhập.',
  rejected: 'Không thể gửi tin nhắn của bạn.',
  sendFailed: 'Gửi không thành công. Chúng tôi sẽ thử lại.',
  quickReplies: 'Gợi ý trả lời',
  sources: 'Nguồn',
  handoffNote: 'Bạn đang trò chuyện với nhân viên hỗ trợ.',
};

const dictionaries: Record<Locale, Texts> = { en, vi };

export function textsFor(locale: Locale): Texts {
  return dictionaries[locale];
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
