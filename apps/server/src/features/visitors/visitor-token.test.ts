import { describe, expect, it } from 'vitest';
import { createVisitorTokens } from './visitor-token.js';

const botId = '0b9f3c1e-6a49-4e0e-9d55-3f8f2d3b9a10';
const visitorId = '7d0c6f0e-2b8e-4f7e-a7a4-2f0d7f1c9b21';

describe('visitor tokens', () => {
  const tokens = createVisitorTokens('k'.repeat(64), () => new Date('2026-11-22T00:00:00Z'));

  it('round-trips an identity for its bot only', () => {
    const token = tokens.issue({ botId, visitorId });
    expect(tokens.verify(token, botId)).toEqual({ botId, visitorId });
    expect(tokens.verify(token, visitorId)).toBeNull();
  });

  it('refuses forged, tampered and malformed tokens', () => {
    const token = tokens.issue({ botId, visitorId });
    const [payload = '', sig = ''] = token.split('.');
    const other = createVisitorTokens('x'.repeat(64), () => new Date());
    const swapped = Buffer.from(JSON.stringify({ b: botId, v: botId, t: 0 })).toString('base64url');
    for (const bad of [
      other.issue({ botId, visitorId }),
      `${swapped}.${sig}`,
      `${payload}.${sig}x`,
      `${payload}`,
      `${payload}.${sig}.x`,
      '',
      '..',
      'a'.repeat(600),
      42,
      null,
      { token },
    ]) {
      expect(tokens.verify(bad, botId)).toBeNull();
    }
  });
});
