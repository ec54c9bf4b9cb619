import { describe, expect, it } from 'vitest';
import { detectHandoff, handoffPayload } from './detect-handoff.js';

describe('detectHandoff', () => {
  it.each([
    'I want to talk to a human',
    'talk to a human',
    'Can I speak to a real person?',
    'agent please',
    'Agent',
    'speak to someone',
    'let me speak with someone please',
    'customer service',
    'Connect me to customer support',
    'I need a live agent',
    'transfer me to a representative',
    "I don't want to talk to a bot",
    'Talk to a person',
  ])('English request: %s', (text) => {
    expect(detectHandoff(text, { locale: 'en' })).toEqual({ handoff: true, reason: 'explicit_request' });
  });

  it.each([
    'Gặp nhân viên',
    'cho tôi gặp nhân viên',
    'gap nhan vien',
    'Tôi muốn nói chuyện với người thật',
    'noi chuyen voi nguoi that',
    'cho mình gặp tư vấn viên',
    'tu van vien dau roi',
    'kết nối với nhân viên hỗ trợ giúp mình',
    'chuyển cho nhân viên giúp tôi',
    'tôi cần người hỗ trợ',
    'chăm sóc khách hàng',
    'cho gặp người tư vấn',
  ])('Vietnamese request: %s', (text) => {
    expect(detectHandoff(text, { locale: 'vi' })).toEqual({ handoff: true, reason: 'explicit_request' });
  });

  it('detects requests whatever the conversation locale', () => {
    expect(detectHandoff('gặp nhân viên', { locale: 'en' }).handoff).toBe(true);
    expect(detectHandoff('real person please', { locale: 'vi' }).handoff).toBe(true);
  });

  it('treats the quick-reply payload as a request', () => {
    expect(detectHandoff(handoffPayload).handoff).toBe(true);
  });

  it.each([
    'Are you a human?',
    'are you a real person',
    'is this a bot?',
    'Bạn là người thật à?',
    'ban co phai la bot khong',
    'what are your customer service hours?',
    'How long does shipping take?',
    'I want to return my order',
    'Phí vận chuyển bao nhiêu?',
    'the agent said my parcel would arrive today',
    'chuyển cho người nhận được không?',
    'tôi chưa gặp người giao hàng',
    'hello',
    '',
    '   ',
  ])('not a request: %s', (text) => {
    expect(detectHandoff(text, { locale: 'en' })).toEqual({ handoff: false });
  });
});
