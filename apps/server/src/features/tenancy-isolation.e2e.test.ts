import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { insertRelease } from '../test/release-fixtures.js';
import { createStores } from './data-store.js';
import { apiRoutes, fillParams, isWrite, routeName, type ApiRoute } from '../test/route-table.js';
import {
  anonymous,
  bearer,
  call,
  createConversation,
  createMember,
  createOwner,
  createTestApp,
  uniqueEmail,
  type Actor,
  type TestApp,
} from '../test/test-app.js';

/**
 * Walks the registered route table (not a hand-written list): every /api route is either
 * in the public list below, or refuses anonymous callers with 401; and nothing of
 * organization B can be read or changed from organization A.
 */
const PUBLIC = [
  'GET /api/v1/meta',
  'POST /api/v1/auth/login',
  'GET /api/v1/invitations/:token/preview',
  'POST /api/v1/invitations/accept',
];

// Valid bodies, so a write reaches the store rather than stopping at validation.
const BODIES: Record<string, unknown> = {
  'POST /api/v1/orgs': { name: 'Org from A' },
  'PATCH /api/v1/org': { name: 'Renamed by A' },
  'PATCH /api/v1/members/:userId': { role: 'viewer' },
  'POST /api/v1/invitations': { email: 'someone@example.test', role: 'viewer' },
  'POST /api/v1/api-keys': { name: 'key from A', role: 'viewer' },
  'POST /api/v1/bots': { name: 'bot from A' },
  'PATCH /api/v1/bots/:id': { name: 'hijacked' },
  'POST /api/v1/me/password': { currentPassword: 'wrong-password', newPassword: 'another-password' },
  'POST /api/v1/conversations/:id/messages': { body: 'hello from A' },
  'POST /api/v1/conversations/:id/assign': { assigneeId: null },
  'PATCH /api/v1/bots/:botId/releases/:id': { changelog: 'changed by A' },
  'POST /api/v1/bots/:botId/rollback': { reason: 'rolled back by A' },
  'POST /api/v1/bots/:botId/rollouts': { releaseId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/bots/:botId/experiments': {
    name: 'from A',
    arms: [
      { releaseId: '00000000-0000-4000-8000-000000000000', weight: 1 },
      { releaseId: '00000000-0000-4000-8000-000000000001', weight: 1 },
    ],
    goal: { kind: 'open_rate' },
  },
  'POST /api/v1/bots/:botId/experiments/:id/stop': {},
  'PATCH /api/v1/bots/:botId/assistant': { knowledgeThreshold: 0.5 },
  'POST /api/v1/bots/:botId/assistant/test': { text: 'hello' },
  'POST /api/v1/bots/:botId/intents': { name: 'from_a', examples: ['hello there'] },
  'PATCH /api/v1/bots/:botId/intents/:intentId': { examples: ['changed by A'] },
  'POST /api/v1/bots/:botId/faqs': { questions: ['From A?'], answer: 'Yes' },
  'PATCH /api/v1/bots/:botId/faqs/:faqId': { answer: 'changed by A' },
  'POST /api/v1/bots/:botId/documents': { title: 'From A', format: 'text', content: 'Some text from A' },
  // A public address, so the SSRF guard does not stop the write before the store.
  'POST /api/v1/webhooks': { url: 'https://93.184.215.14/in', events: ['message.created'] },
  'PATCH /api/v1/webhooks/:id': { enabled: false },
};

describe('tenant isolation over the whole route table', () => {
  let t: TestApp;
  let a: Actor;
  let aKey: Actor;
  let b: Actor;
  let routes: ApiRoute[];
  const bIds: Record<string, string> = {};
  const bSecrets: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    a = await createOwner(t, 'alpha', 'Alpha Org');
    b = await createOwner(t, 'beta', 'Beta Org');
    const key = await call(t.app, a, 'POST', '/api/v1/api-keys', { name: 'alpha key', role: 'admin' });
    aKey = bearer(key.json().key);

    const bBot = (await call(t.app, b, 'POST', '/api/v1/bots', { name: 'Beta Bot', allowedOrigins: ['https://beta.example'] })).json();
    const bKey = (await call(t.app, b, 'POST', '/api/v1/api-keys', { name: 'beta key', role: 'admin' })).json();
    const bInvite = (await call(t.app, b, 'POST', '/api/v1/invitations', { email: uniqueEmail('beta-invitee'), role: 'agent' })).json();
    const bMember = await createMember(t, b, 'agent', 'beta-agent');
    const secret = (await call(t.app, b, 'GET', `/api/v1/bots/${bBot.id}/identity-secret`)).json();
    const bConversation = await createConversation(t, b.orgId ?? '', bBot.id, 'Beta private message');
    const bRelease = (await call(t.app, b, 'POST', `/api/v1/bots/${bBot.id}/releases`, { semver: '1.0.0' })).json();
    await insertRelease(t, b.orgId ?? '', bBot.id, '0.9.0', { active: true });
    const bCandidate = await insertRelease(t, b.orgId ?? '', bBot.id, '0.9.1');
    const bRollout = (await call(t.app, b, 'POST', `/api/v1/bots/${bBot.id}/rollouts`, { releaseId: bCandidate })).json();
    const bIntent = (await call(t.app, b, 'POST', `/api/v1/bots/${bBot.id}/intents`, { name: 'beta_intent', examples: ['Beta private example'] })).json();
    const bFaq = (await call(t.app, b, 'POST', `/api/v1/bots/${bBot.id}/faqs`, { questions: ['Beta private question?'], answer: 'Beta private answer' })).json();
    const bDocument = (await call(t.app, b, 'POST', `/api/v1/bots/${bBot.id}/documents`, { title: 'Beta private doc', format: 'text', content: 'Beta private text' })).json();
    const stores = createStores(t.database.db);
    const bEndpoint = await stores.webhookEndpoints.create(b.orgId ?? '', { botId: bBot.id, url: 'https://hooks.beta.example/in', secret: 'whsec_beta_private', events: ['message.created'] });
    const bDelivery = randomUUID();
    await stores.webhookDeliveries.insert([
      { id: bDelivery, orgId: b.orgId ?? '', botId: bBot.id, endpointId: bEndpoint.id, conversationId: null, kind: 'event', event: 'message.created', url: 'https://hooks.beta.example/in', payload: { beta: 'private' }, maxAttempts: 3, nextAttemptAt: new Date(Date.now() + 3_600_000) },
    ]);
    Object.assign(bIds, {
      intents: bIntent.id,
      faqs: bFaq.id,
      documents: bDocument.id,
      webhooks: bEndpoint.id,
      'webhook-deliveries': bDelivery,
      rollouts: bRollout.id,
      experiments: '00000000-0000-4000-8000-00000000000e',
      bots: bBot.id,
      'api-keys': bKey.apiKey.id,
      invitations: bInvite.invitation.id,
      members: bMember.userId ?? '',
      orgId: b.orgId ?? '',
      conversations: bConversation,
      visitors: (await call(t.app, b, 'GET', `/api/v1/conversations/${bConversation}`)).json().visitorId,
      releases: bRelease.id,
    });
    bSecrets.push(bConversation, 'Beta private message', bBot.id, bKey.apiKey.id, bKey.key, bInvite.invitation.id, bMember.userId ?? '', b.orgId ?? '', secret.identitySecret, 'Beta Org', 'Beta Bot', 'beta key', 'Beta private', 'whsec_beta_private', 'hooks.beta.example', bEndpoint.id, bDelivery);
    routes = apiRoutes(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes it must cover', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map(routeName)).toEqual(expect.arrayContaining(['GET /api/v1/bots', 'DELETE /api/v1/api-keys/:id']));
  });

  it('declares access on every /api route, and only the known ones are public', () => {
    for (const r of routes) expect(r.access, routeName(r)).toBeDefined();
    expect(routes.filter((r) => r.access === 'public').map(routeName).sort()).toEqual([...PUBLIC].sort());
  });

  it('answers 401 problem+json to anonymous callers on every non-public route', async () => {
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const res = await call(t.app, anonymous, r.method, fillParams(r.url, bIds), BODIES[routeName(r)]);
      expect(res.statusCode, routeName(r)).toBe(401);
      expect(res.headers['content-type'], routeName(r)).toContain('application/problem+json');
    }
  });

  it("gives a member of A 404 for every resource of B, by session and by API key", async () => {
    const withParams = routes.filter((r) => r.access !== 'public' && r.url.includes(':'));
    expect(withParams.length).toBeGreaterThan(8);
    for (const actor of [a, aKey]) {
      for (const r of withParams) {
        const res = await call(t.app, actor, r.method, fillParams(r.url, bIds), BODIES[routeName(r)]);
        expect(res.statusCode, `${routeName(r)} as ${actor === a ? 'session' : 'key'}: ${res.body}`).toBe(404);
        expect(res.body).not.toContain('Beta');
      }
    }
  });

  it('gives 404 when A selects organization B with x-parley-org', async () => {
    const orgScoped = routes.filter((r) => typeof r.access === 'object');
    const intoB = { headers: { ...a.headers, 'x-parley-org': bIds.orgId ?? '' } };
    for (const r of orgScoped) {
      const res = await call(t.app, intoB, r.method, fillParams(r.url, bIds), BODIES[routeName(r)]);
      expect(res.statusCode, routeName(r)).toBe(404);
    }
    // An API key is bound to its organization whatever the header says.
    const keyIntoB = { headers: { ...aKey.headers, 'x-parley-org': bIds.orgId ?? '' } };
    expect((await call(t.app, keyIntoB, 'GET', '/api/v1/bots')).statusCode).toBe(404);
  });

  it("never shows B's data in any list or write answer A gets, and leaves B untouched", async () => {
    const ownIds: Record<string, string> = {};
    const aBot = (await call(t.app, a, 'POST', '/api/v1/bots', { name: 'alpha bot' })).json();
    ownIds.bots = aBot.id;
    for (const actor of [a, aKey]) {
      for (const r of routes.filter((x) => x.access !== 'public' && !x.url.includes(':'))) {
        if (r.url.endsWith('/auth/logout')) continue;
        const res = await call(t.app, actor, r.method, r.url, BODIES[routeName(r)]);
        expect(res.statusCode, `${routeName(r)}: ${res.body}`).toBeLessThan(500);
        for (const secret of bSecrets) expect(res.body, `${routeName(r)} leaked ${secret}`).not.toContain(secret);
      }
    }
    const bot = await call(t.app, b, 'GET', `/api/v1/bots/${bIds.bots}`);
    expect(bot.json().name).toBe('Beta Bot');
    const keys = await call(t.app, b, 'GET', '/api/v1/api-keys');
    expect(keys.json()[0].revokedAt).toBeNull();
    const invites = await call(t.app, b, 'GET', '/api/v1/invitations');
    expect(invites.json().find((i: { id: string }) => i.id === bIds.invitations).status).toBe('pending');
    const members = await call(t.app, b, 'GET', '/api/v1/members');
    expect(members.json().map((m: { role: string }) => m.role).sort()).toEqual(['agent', 'owner']);
    const org = await call(t.app, b, 'GET', '/api/v1/org');
    expect(org.json().name).toBe('Beta Org');
  });
});

describe('roles over the whole route table', () => {
  let t: TestApp;
  let owner: Actor;
  let routes: ApiRoute[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'roles');
    routes = apiRoutes(t.app);
    const bot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'r' })).json();
    const key = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'k', role: 'viewer' })).json();
    const inv = (await call(t.app, owner, 'POST', '/api/v1/invitations', { email: uniqueEmail('r'), role: 'viewer' })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', bot.id);
    const release = (await call(t.app, owner, 'POST', `/api/v1/bots/${bot.id}/releases`, {})).json();
    Object.assign(ids, { bots: bot.id, 'api-keys': key.apiKey.id, invitations: inv.invitation.id, members: owner.userId ?? '', conversations: conversation, visitors: conversation, releases: release.id, rollouts: crypto.randomUUID(), experiments: crypto.randomUUID(), intents: randomUUID(), faqs: randomUUID(), documents: randomUUID(), webhooks: randomUUID(), 'webhook-deliveries': randomUUID() });
  });
  afterAll(() => t.close());

  it('lets a viewer change nothing in the organization', async () => {
    const viewer = await createMember(t, owner, 'viewer');
    const writes = routes.filter((r) => isWrite(r) && typeof r.access === 'object');
    expect(writes.length).toBeGreaterThan(8);
    for (const r of writes) {
      const res = await call(t.app, viewer, r.method, fillParams(r.url, ids), BODIES[routeName(r)]);
      expect(res.statusCode, `${routeName(r)}: ${res.body}`).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await call(t.app, viewer, 'GET', '/api/v1/bots')).statusCode).toBe(200);
  });

  it('keeps agents away from members, invitations, API keys and bot settings', async () => {
    const agent = await createMember(t, owner, 'agent');
    const managed = routes.filter(
      (r) =>
        /\/(members|invitations|api-keys|bots|org|webhooks|webhook-deliveries)(\/|$)/.test(r.url) &&
        (isWrite(r) || /api-keys|identity-secret|workflow-secret|webhook/.test(r.url)) &&
        // Agents may try the assistant in the test console.
        !r.url.endsWith('/assistant/test') &&
        typeof r.access === 'object',
    );
    expect(managed.length).toBeGreaterThan(8);
    for (const r of managed) {
      const res = await call(t.app, agent, r.method, fillParams(r.url, ids), BODIES[routeName(r)]);
      expect(res.statusCode, `${routeName(r)}: ${res.body}`).toBe(403);
    }
  });
});
