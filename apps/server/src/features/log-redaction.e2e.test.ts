import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, call, createOwner, createTestApp, PASSWORD, type TestApp } from '../test/test-app.js';

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'trace' }, { write: (line) => void lines.push(line) });
  });
  afterAll(() => t.close());

  it('never contain passwords, cookies, CSRF tokens, API keys or invitation tokens', async () => {
    const owner = await createOwner(t, 'logs');
    const key = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'k', role: 'viewer' })).json().key;
    await call(t.app, { headers: { authorization: `Bearer ${key}` } }, 'GET', '/api/v1/bots');
    const url: string = (await call(t.app, owner, 'POST', '/api/v1/invitations', { email: 'log@example.test', role: 'viewer' })).json().url;
    const token = url.split('/').pop() ?? '';
    await call(t.app, anonymous, 'GET', `/api/v1/invitations/${token}/preview`);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: 'a-wrong-password' } });
    await t.app.inject({ method: 'GET', url: `/app/invite/${token}` });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('/api/v1/invitations/[redacted]/preview');
    for (const secret of [PASSWORD, 'a-wrong-password', key, token, owner.headers['x-csrf-token'] ?? '', (owner.headers.cookie ?? '').split('=')[1] ?? '']) {
      expect(secret.length).toBeGreaterThan(5);
      expect(log).not.toContain(secret);
    }
  });
});
