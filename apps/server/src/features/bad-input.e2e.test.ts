import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem } from '@parley/contracts';
import { apiRoutes, fillParams, isWrite, routeName } from '../test/route-table.js';
import { anonymous, call, createConversation, createOwner, createTestApp, type Actor, type TestApp } from '../test/test-app.js';

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const problem = Problem.parse(JSON.parse(res.body));
  expect(problem.code).toBe(code);
  expect(res.body).not.toMatch(/at .+\.(ts|js):\d+/); // no stack traces
}

describe('bad input', () => {
  let t: TestApp;
  let owner: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'bad');
  });
  afterAll(() => t.close());

  const raw = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/bots', payload, headers: { ...owner.headers, 'content-type': 'application/json', ...headers } });

  it('answers malformed JSON with 400 invalid_json', async () => {
    for (const body of ['{', '{"name": }', 'nul', '[1,2', '"unterminated', '{"name":"x"}}']) {
      expectProblem(await raw(body), 400, 'invalid_json');
    }
  });

  it('refuses prototype poisoning', async () => {
    const res = await raw('{"name":"x","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(400);
    const ctor = await raw('{"name":"x","constructor":{"prototype":{"admin":true}}}');
    expect(ctor.statusCode).toBe(400);
  });

  it('answers wrong types and unknown fields with 400 and the field path', async () => {
    expectProblem(await raw('[]'), 400, 'validation_failed');
    expectProblem(await raw('"a string"'), 400, 'validation_failed');
    expectProblem(await raw('{"name": 42}'), 400, 'validation_failed');
    const unknown = await raw('{"name":"x","isAdmin":true}');
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.json().detail).toContain('isAdmin');
  });

  it('refuses NUL characters (PostgreSQL text cannot hold them) with 400, not 500', async () => {
    const res = await raw('{"name":"a\\u0000b"}');
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().detail).toContain('NUL');
    expectProblem(await raw('{"name":"ok","allowedOrigins":["https://x.test\\u0000"]}'), 400, 'validation_failed');
  });

  it('refuses unpaired surrogates (PostgreSQL json cannot hold them) with 400, not 500', async () => {
    const res = await raw('{"name":"a\\ud800b"}');
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().detail).toContain('valid Unicode');
    expectProblem(await raw('{"name":"ok","allowedOrigins":["https://x.test"],"\\udc00":1}'), 400, 'validation_failed');
    // A pair is one character and fine.
    expect((await raw('{"name":"\\ud83d\\udcac bot"}')).statusCode).toBe(201);
  });

  it('refuses query values PostgreSQL cannot hold with 400, not 500', async () => {
    const id = await createConversation(t, owner.orgId ?? '', (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'q' })).json().id);
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/conversations/${id}/messages?afterSeq=${2 ** 31}`), 400, 'validation_failed');
    expect((await call(t.app, owner, 'GET', `/api/v1/conversations/${id}/messages?afterSeq=${2 ** 31 - 1}`)).statusCode).toBe(200);
    // ISO 8601 has a year 0000; PostgreSQL does not.
    const someId = '00000000-0000-4000-8000-000000000000';
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/conversations?beforeAt=0000-01-01T00:00:00Z&beforeId=${someId}`), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/conversations?beforeAt=0001-01-01T00:30:00%2B01:00&beforeId=${someId}`), 400, 'validation_failed');
  });

  it('answers bodies over 1 MB with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    expectProblem(await raw(big), 413, 'payload_too_large');
  });

  it('answers other media types with 415', async () => {
    expectProblem(await raw('name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    expectProblem(await raw('name', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('answers unknown routes with 404 and a method a route does not take with 405 and Allow, as problem+json', async () => {
    expectProblem(await call(t.app, owner, 'GET', '/api/v1/nope'), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'DELETE', '/api/v1/nope/deeper'), 404, 'not_found');
    const put = await call(t.app, owner, 'PUT', '/api/v1/bots');
    expectProblem(put, 405, 'method_not_allowed');
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    // Path parameters match as the router matches them.
    const someId = '00000000-0000-4000-8000-000000000000';
    const post = await call(t.app, owner, 'POST', `/api/v1/conversations/${someId}`);
    expectProblem(post, 405, 'method_not_allowed');
    expect(post.headers.allow).toContain('GET');
    expect(JSON.parse(post.body).detail).toBe(`POST is not allowed on /api/v1/conversations/${someId}; it allows ${String(post.headers.allow)}`);
  });

  it('answers bad ids and a bad org header with 400', async () => {
    expectProblem(await call(t.app, owner, 'GET', '/api/v1/bots/123'), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${'9'.repeat(300)}`), 400, 'validation_failed');
    // The inbox's page cursor: both parts or neither, each well-formed.
    const someId = '00000000-0000-4000-8000-000000000000';
    expectProblem(await call(t.app, owner, 'GET', '/api/v1/conversations?beforeAt=2026-11-22T10:00:00.000Z'), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/conversations?beforeId=${someId}`), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/conversations?beforeAt=yesterday&beforeId=${someId}`), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'GET', '/api/v1/conversations?beforeAt=2026-11-22T10:00:00.000Z&beforeId=1'), 400, 'validation_failed');
    expect((await call(t.app, owner, 'GET', `/api/v1/conversations?beforeAt=2026-11-22T10:00:00.000Z&beforeId=${someId}`)).statusCode).toBe(200);
    expectProblem(await call(t.app, { headers: { ...owner.headers, 'x-parley-org': 'nope' } }, 'GET', '/api/v1/bots'), 400, 'validation_failed');
    expectProblem(await call(t.app, anonymous, 'GET', '/api/v1/me', undefined, { cookie: 'parley_session=%%%' }), 401, 'unauthorized');
  });
});

describe('property: generated bodies never cause a 5xx on any write route', () => {
  let t: TestApp;
  let owner: Actor;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'fuzz');
    const bot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'f' })).json();
    const key = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'k', role: 'viewer' })).json();
    const inv = (await call(t.app, owner, 'POST', '/api/v1/invitations', { email: 'fz@example.test', role: 'viewer' })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', bot.id);
    const release = (await call(t.app, owner, 'POST', `/api/v1/bots/${bot.id}/releases`, {})).json();
    Object.assign(ids, { bots: bot.id, 'api-keys': key.apiKey.id, invitations: inv.invitation.id, members: owner.userId ?? '', conversations: conversation, releases: release.id, rollouts: crypto.randomUUID(), experiments: crypto.randomUUID(), intents: crypto.randomUUID(), faqs: crypto.randomUUID(), documents: crypto.randomUUID(), webhooks: crypto.randomUUID(), 'webhook-deliveries': crypto.randomUUID() });
  });
  afterAll(() => t.close());

  // Values of every JSON shape, including the near-misses that break hand-written checks.
  const value = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom('', ' ', 'owner', 'admin', 'en', 'vi', 'https://x.example', 'a@b.c', '\u0000', '\ud800', 'a\udfffb', '💬'.repeat(300)),
    fc.array(fc.string(), { maxLength: 60 }),
    fc.integer(),
    fc.double(),
  );

  it('holds for every write route (and for the token segment of public routes)', async () => {
    const writes = apiRoutes(t.app).filter((r) => isWrite(r) && !r.url.endsWith('/auth/logout'));
    expect(writes.length).toBeGreaterThan(10);
    for (const r of writes) {
      const route = t.app.parleyRoutes.find((x) => x.url === r.url && x.method === r.method);
      const bodySchema = route?.schema?.body;
      const keys = bodySchema instanceof z.ZodObject ? Object.keys(bodySchema.shape) : ['name'];
      const body = fc.oneof(
        value,
        fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), value, { maxKeys: keys.length + 1 }),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (payload, withParams) => {
          const url = withParams ? fillParams(r.url, ids) : r.url.replace(/:[A-Za-z]+/g, 'x');
          const res = await call(t.app, owner, r.method, url, payload);
          if (res.statusCode >= 500) throw new Error(`${routeName(r)} → ${res.statusCode} for ${JSON.stringify(payload)}: ${res.body}`);
          if (res.statusCode >= 400) expect(String(res.headers['content-type'])).toContain('application/problem+json');
        }),
        { numRuns: 40 },
      );
    }
  });

  it('holds for arbitrary strings as a JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/bots',
          payload: text,
          headers: { ...owner.headers, 'content-type': 'application/json' },
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
