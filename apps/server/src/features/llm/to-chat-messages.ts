import type { LlmRequest } from '@parley/assistant';

export interface ChatCompletionMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The chat-completions `messages` of a request: its system prompt (the rules and the numbered passages with
 * their sources, from buildGroundedPrompt) first and alone in the system role, then the conversation. Text
 * from documents and visitors only ever travels as passages or user/assistant turns, so it cannot add or
 * replace system instructions.
 */
export function toChatMessages(request: LlmRequest): ChatCompletionMessage[] {
  return [
    { role: 'system', content: request.system },
    ...request.messages.map((message): ChatCompletionMessage => ({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content })),
  ];
}
