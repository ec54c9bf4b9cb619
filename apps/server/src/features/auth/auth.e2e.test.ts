import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Me } from '@parley/contracts';
import {
  anonymous,
  call,
  createOwner,
  createTestApp,
  PASSWORD,
  signIn,
  type TestApp,
} from '../../test/test-app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_TTL_HOURS: '1' });
  });
  afterAll(() => t.close());

  it('signs in with email and password and sets an HTTP-only SameSite cookie', async () => {
    const owner = await createOwner(t, 'login');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'parley_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = Me.parse(res.json());
    expect(me.user.email).toBe(owner.email);
    expect(me.organizations).toEqual([expect.objectContaining({ name: 'login org', role: 'owner' })]);
    expect(me.csrfToken.length).toBeGreaterThan(20);
    expect(res.body).not.toContain('passwordHash');
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const owner = await createOwner(t, 'wrongpw');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: 'nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@example.test', password: 'nope-nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'invalid_credentials', detail: 'Wrong email or password', status: 401 });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('returns the user on /me and 401 without a session', async () => {
    const owner = await createOwner(t, 'me');
    const me = await call(t.app, owner, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(Me.parse(me.json()).user.id).toBe(owner.userId);
    const anon = await call(t.app, anonymous, 'GET', '/api/v1/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('unauthorized');
    const garbage = await call(t.app, { headers: { cookie: 'parley_session=not-a-session' } }, 'GET', '/api/v1/me');
    expect(garbage.statusCode).toBe(401);
  });

  it('needs the CSRF token on cookie-authenticated writes', async () => {
    const owner = await createOwner(t, 'csrf');
    const noToken = await call(t.app, { headers: { cookie: owner.headers.cookie ?? '' } }, 'POST', '/api/v1/bots', { name: 'x' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_failed');
    const wrongToken = await call(t.app, { headers: { ...owner.headers, 'x-csrf-token': 'forged-token-forged-token' } }, 'POST', '/api/v1/bots', { name: 'x' });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'x' });
    expect(ok.statusCode).toBe(201);
    // Reads need no token.
    const read = await call(t.app, { headers: { cookie: owner.headers.cookie ?? '' } }, 'GET', '/api/v1/bots');
    expect(read.statusCode).toBe(200);
  });

  it('logs out: the cookie stops working', async () => {
    const owner = await createOwner(t, 'logout');
    const out = await call(t.app, owner, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    const after = await call(t.app, owner, 'GET', '/api/v1/me');
    expect(after.statusCode).toBe(401);
  });

  it('expires sessions after their lifetime with session_expired', async () => {
    const owner = await createOwner(t, 'expiry');
    t.advance(61 * 60_000);
    try {
      const res = await call(t.app, owner, 'GET', '/api/v1/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('session_expired');
      // The session is gone for good, not only for this request.
      const again = await call(t.app, owner, 'GET', '/api/v1/me');
      expect(again.json().code).toBe('unauthorized');
    } finally {
      t.advance(-61 * 60_000);
    }
  });

  it('changes the password and signs out other sessions', async () => {
    const owner = await createOwner(t, 'chpw');
    const other = await signIn(t.app, owner.email, PASSWORD);
    const wrong = await call(t.app, owner, 'POST', '/api/v1/me/password', { currentPassword: 'wrong-wrong', newPassword: 'a-new-password' });
    expect(wrong.statusCode).toBe(401);
    const short = await call(t.app, owner, 'POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('body.newPassword');
    const ok = await call(t.app, owner, 'POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a-new-password' });
    expect(ok.statusCode).toBe(204);
    expect((await call(t.app, owner, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await call(t.app, other, 'GET', '/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(t.app, owner.email, PASSWORD)).rejects.toThrow();
    await signIn(t.app, owner.email, 'a-new-password');
  });

  it('creates organizations; the creator owns them and can switch with x-parley-org', async () => {
    const owner = await createOwner(t, 'multi');
    const created = await call(t.app, owner, 'POST', '/api/v1/orgs', { name: 'Second org' });
    expect(created.statusCode).toBe(201);
    const orgs = await call(t.app, owner, 'GET', '/api/v1/orgs');
    expect(orgs.json()).toHaveLength(2);
    const second = { headers: { ...owner.headers, 'x-parley-org': created.json().id } };
    await call(t.app, second, 'POST', '/api/v1/bots', { name: 'in second' });
    const inSecond = await call(t.app, second, 'GET', '/api/v1/bots');
    const inFirst = await call(t.app, owner, 'GET', '/api/v1/bots');
    expect(inSecond.json().map((b: { name: string }) => b.name)).toEqual(['in second']);
    expect(inFirst.json().map((b: { name: string }) => b.name)).not.toContain('in second');
    const org = await call(t.app, second, 'GET', '/api/v1/org');
    expect(org.json().name).toBe('Second org');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_MAX: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json after too many attempts from one address', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.test', password: 'x' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json().code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

