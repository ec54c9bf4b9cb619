import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '@parley/contracts';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

describe('bots', () => {
  let t: TestApp;
  let owner: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'bots');
  });
  afterAll(() => t.close());

  it('creates a bot with defaults and normalised origins', async () => {
    const res = await call(t.app, owner, 'POST', '/api/v1/bots', {
      name: '  Support  ',
      allowedOrigins: ['https://Shop.Example.com/', 'https://shop.example.com', 'http://localhost:8080'],
    });
    expect(res.statusCode).toBe(201);
    const bot = Bot.parse(res.json());
    expect(bot).toMatchObject({
      name: 'Support',
      allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'],
      widgetEnabled: true,
      premium: false,
      locale: 'en',
      requireIdentity: false,
    });
    expect(res.body).not.toContain('identitySecret');
  });

  it('reads, updates and deletes a bot', async () => {
    const bot = Bot.parse((await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Sales' })).json());
    const got = await call(t.app, owner, 'GET', `/api/v1/bots/${bot.id}`);
    expect(got.json()).toEqual(bot);
    const patched = await call(t.app, owner, 'PATCH', `/api/v1/bots/${bot.id}`, { premium: true, locale: 'vi', widgetEnabled: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ premium: true, locale: 'vi', widgetEnabled: false, name: 'Sales' });
    expect(Date.parse(patched.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(bot.updatedAt));
    const list = await call(t.app, owner, 'GET', '/api/v1/bots');
    expect(list.json().map((b: { id: string }) => b.id)).toContain(bot.id);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/bots/${bot.id}`)).statusCode).toBe(204);
    expect((await call(t.app, owner, 'GET', `/api/v1/bots/${bot.id}`)).statusCode).toBe(404);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/bots/${bot.id}`)).statusCode).toBe(404);
  });

  it('rejects bad input with field errors', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: 'x'.repeat(101) }, 'body.name'],
      [{ name: 'x', allowedOrigins: ['shop.example.com'] }, 'body.allowedOrigins.0'],
      [{ name: 'x', allowedOrigins: ['https://shop.example.com/path'] }, 'body.allowedOrigins.0'],
      [{ name: 'x', allowedOrigins: ['javascript:alert(1)'] }, 'body.allowedOrigins.0'],
      [{ name: 'x', locale: 'fr' }, 'body.locale'],
      [{ name: 'x', premium: 'yes' }, 'body.premium'],
      [{ name: 'x', unknownField: 1 }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await call(t.app, owner, 'POST', '/api/v1/bots', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const empty = await call(t.app, owner, 'PATCH', `/api/v1/bots/${crypto.randomUUID()}`, {});
    expect(empty.statusCode).toBe(400);
    const badId = await call(t.app, owner, 'GET', '/api/v1/bots/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].path).toBe('params.id');
  });

  it('shows the identity secret to admins only, and rotates it', async () => {
    const bot = Bot.parse((await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Secret' })).json());
    const secret = await call(t.app, owner, 'GET', `/api/v1/bots/${bot.id}/identity-secret`);
    expect(secret.statusCode).toBe(200);
    expect(secret.json().identitySecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const rotated = await call(t.app, owner, 'POST', `/api/v1/bots/${bot.id}/identity-secret/rotate`);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().identitySecret).not.toBe(secret.json().identitySecret);
    const again = await call(t.app, owner, 'GET', `/api/v1/bots/${bot.id}/identity-secret`);
    expect(again.json().identitySecret).toBe(rotated.json().identitySecret);

    const agent = await createMember(t, owner, 'agent');
    expect((await call(t.app, agent, 'GET', `/api/v1/bots/${bot.id}`)).statusCode).toBe(200);
    expect((await call(t.app, agent, 'GET', `/api/v1/bots/${bot.id}/identity-secret`)).statusCode).toBe(403);
    expect((await call(t.app, agent, 'PATCH', `/api/v1/bots/${bot.id}`, { name: 'mine' })).statusCode).toBe(403);
  });
});
