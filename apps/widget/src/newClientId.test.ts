import { describe, expect, it } from 'vitest';
import { CLIENT_ID_PATTERN, newClientId } from './newClientId.js';

describe('newClientId', () => {
  it('makes 32 hex characters that the server accepts, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newClientId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).toMatch(CLIENT_ID_PATTERN);
    }
  });
});
