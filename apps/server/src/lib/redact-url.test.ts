import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('hides invitation tokens and keeps everything else', () => {
    expect(redactUrl('/api/v1/invitations/abcDEF_123-xyz/preview')).toBe('/api/v1/invitations/[redacted]/preview');
    expect(redactUrl('/app/invite/abcDEF_123?x=1')).toBe('/app/invite/[redacted]?x=1');
    expect(redactUrl('/api/v1/invitations/3f0c/')).toBe('/api/v1/invitations/3f0c/');
    expect(redactUrl('/api/v1/bots/123')).toBe('/api/v1/bots/123');
  });
});
