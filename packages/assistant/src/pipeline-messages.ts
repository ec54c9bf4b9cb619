import type { Locale } from './detect-handoff.js';
import type { PipelineMessages } from './pipeline-types.js';

export const defaultPipelineMessages: Record<Locale, PipelineMessages> = {
  en: {
    handoff: 'Connecting you with a person… Someone from our team will reply here shortly.',
    fallback: "Sorry, I don't know the answer to that. Would you like to talk to a person?",
    talkToPerson: 'Talk to a person',
  },
  vi: {
    handoff: 'Đang kết nối bạn với nhân viên… Nhân viên của chúng tôi sẽ trả lời bạn tại đây trong giây lát.',
    fallback: 'Xin lỗi, tôi chưa có câu trả lời cho câu hỏi này. Bạn có muốn gặp nhân viên không?',
    talkToPerson: 'Gặp nhân viên',
  },
};

/** The bot's wording for a locale: its overrides over the defaults. */
export function pipelineMessages(locale: Locale, overrides?: Partial<Record<Locale, Partial<PipelineMessages>>>): PipelineMessages {
  return { ...defaultPipelineMessages[locale], ...overrides?.[locale] };
}
