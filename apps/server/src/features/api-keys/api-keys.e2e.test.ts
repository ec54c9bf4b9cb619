import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedApiKey, MeApiKey } from '@parley/contracts';
import { bearer, call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

describe('API keys', () => {
  let t: TestApp;
  let owner: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'keys');
  });
  afterAll(() => t.close());

  async function createKey(role: 'admin' | 'agent' | 'viewer' = 'admin', name = `${role} key`) {
    const res = await call(t.app, owner, 'POST', '/api/v1/api-keys', { name, role });
    expect(res.statusCode).toBe(201);
    return CreatedApiKey.parse(res.json());
  }

  it('shows the key once, stores only its hash, and authenticates with it', async () => {
    const created = await createKey('admin', 'CI deploys');
    expect(created.key).toMatch(/^pk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const list = await call(t.app, owner, 'GET', '/api/v1/api-keys');
    expect(list.body).not.toContain(created.key);
    expect(list.json()[0]).toMatchObject({ name: 'CI deploys', role: 'admin', revokedAt: null, lastUsedAt: null });

    const me = await call(t.app, bearer(created.key), 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(MeApiKey.parse(me.json()).organization.id).toBe(owner.orgId);
    // Bearer writes need no CSRF token: no cookie is involved.
    const bot = await call(t.app, bearer(created.key), 'POST', '/api/v1/bots', { name: 'via key' });
    expect(bot.statusCode).toBe(201);
    const listed = await call(t.app, owner, 'GET', '/api/v1/api-keys');
    expect(listed.json().find((k: { id: string }) => k.id === created.apiKey.id).lastUsedAt).not.toBeNull();
  });

  it('refuses revoked, unknown and malformed keys with 401', async () => {
    const created = await createKey();
    expect((await call(t.app, owner, 'DELETE', `/api/v1/api-keys/${created.apiKey.id}`)).statusCode).toBe(204);
    const revoked = await call(t.app, bearer(created.key), 'GET', '/api/v1/bots');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('api_key_revoked');
    expect((await call(t.app, owner, 'DELETE', `/api/v1/api-keys/${created.apiKey.id}`)).statusCode).toBe(409);
    const unknown = await call(t.app, bearer(`pk_AAAAAAAA_${'x'.repeat(43)}`), 'GET', '/api/v1/bots');
    expect(unknown.statusCode).toBe(401);
    for (const header of ['Bearer', 'Basic abc', 'Bearer not-a-key', `Bearer ${created.key} extra`]) {
      const res = await call(t.app, { headers: { authorization: header } }, 'GET', '/api/v1/bots');
      expect(res.statusCode, header).toBe(401);
    }
  });

  it("enforces the key's role and keeps keys away from user-only routes", async () => {
    const viewer = await createKey('viewer');
    expect((await call(t.app, bearer(viewer.key), 'GET', '/api/v1/bots')).statusCode).toBe(200);
    expect((await call(t.app, bearer(viewer.key), 'POST', '/api/v1/bots', { name: 'no' })).statusCode).toBe(403);
    const admin = await createKey('admin');
    expect((await call(t.app, bearer(admin.key), 'GET', '/api/v1/orgs')).statusCode).toBe(403);
    const owner2 = await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'x', role: 'owner' });
    expect(owner2.statusCode).toBe(400);
  });

  it('is out of reach for agents and viewers', async () => {
    const agent = await createMember(t, owner, 'agent');
    expect((await call(t.app, agent, 'GET', '/api/v1/api-keys')).statusCode).toBe(403);
    expect((await call(t.app, agent, 'POST', '/api/v1/api-keys', { name: 'mine', role: 'agent' })).statusCode).toBe(403);
  });
});
