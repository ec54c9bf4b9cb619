import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = JSON.stringify({ event: 'message.created', text: 'xin chào' });

  it('is the hex HMAC-SHA256 of "timestamp.body" with the secret', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', 1_700_000_000, body)).toBe(`sha256=${expected}`);
  });

  it('verifies only the same secret, timestamp and body', () => {
    const sig = signWebhook('s1', 1_700_000_000, body);
    expect(verifyWebhookSignature('s1', '1700000000', body, sig)).toBe(true);
    expect(verifyWebhookSignature('s2', '1700000000', body, sig)).toBe(false);
    expect(verifyWebhookSignature('s1', '1700000001', body, sig)).toBe(false);
    expect(verifyWebhookSignature('s1', '1700000000', `${body} `, sig)).toBe(false);
    expect(verifyWebhookSignature('s1', 'soon', body, sig)).toBe(false);
    expect(verifyWebhookSignature('s1', '1700000000', body, 'sha256=00')).toBe(false);
  });
});
