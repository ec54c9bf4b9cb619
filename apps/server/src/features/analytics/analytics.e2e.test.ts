import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem, ReleaseStats } from '@parley/contracts';
import { insertEvents, insertRelease, resolveVisitor } from '../../test/release-fixtures.js';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

const SHOP = 'https://shop.example';

describe('widget events (beacons)', () => {
  let t: TestApp;
  let owner: Actor;
  let botId: string;
  let releaseId: string;
  let otherReleaseId: string;
  let otherBotId: string;
  beforeAll(async () => {
    t = await createTestApp({ VISITOR_EVENT_LIMIT: '3', IP_EVENT_LIMIT: '1000' });
    owner = await createOwner(t, 'events');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Beacons', allowedOrigins: [SHOP] })).json().id;
    otherBotId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Other' })).json().id;
    releaseId = await insertRelease(t, owner.orgId ?? '', botId, '1.0.0', { active: true });
    otherReleaseId = await insertRelease(t, owner.orgId ?? '', otherBotId, '1.0.0', { active: true });
  });
  afterAll(() => t.close());

  const post = (payload: string, contentType: string, origin: string | undefined = SHOP) =>
    t.app.inject({
      method: 'POST',
      url: `/widget/v1/bots/${botId}/events`,
      payload,
      headers: { 'content-type': contentType, ...(origin ? { origin } : {}) },
    });
  const stats = async () => ReleaseStats.parse((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats`)).json());
  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(Problem.parse(JSON.parse(res.body)).code).toBe(code);
  };

  it('stores a JSON batch and a sendBeacon text/plain batch, answering 204 with CORS for the shop', async () => {
    const { visitorToken } = await resolveVisitor(t.app, botId, SHOP);
    const json = await post(
      JSON.stringify({ visitorToken, releaseId, events: [{ type: 'loaded', loadTimeMs: 120 }, { type: 'opened' }] }),
      'application/json',
    );
    expect(json.statusCode, json.body).toBe(204);
    expect(json.headers['access-control-allow-origin']).toBe(SHOP);
    const beacon = await post(
      JSON.stringify({
        visitorToken,
        releaseId,
        events: [{ type: 'error', message: 'boom', stackHash: 'abc123' }, { type: 'track', name: 'purchase', props: { total: 12 } }],
      }),
      'text/plain;charset=UTF-8',
    );
    expect(beacon.statusCode, beacon.body).toBe(204);
    const row = (await stats()).releases.find((r) => r.releaseId === releaseId);
    expect(row).toMatchObject({ views: 0, loads: 1, errors: 1, opens: 1, conversions: 1, errorRate: 1, p50LoadMs: 120, openRate: 1, conversionRate: 1 });
    // The loader's page views (the launcher shown, most without a widget load): open and conversion rates are per view.
    const viewed = await post(JSON.stringify({ visitorToken, releaseId, events: [1, 2, 3, 4].map(() => ({ type: 'viewed' })) }), 'text/plain;charset=UTF-8');
    expect(viewed.statusCode, viewed.body).toBe(204);
    const perView = (await stats()).releases.find((r) => r.releaseId === releaseId);
    expect(perView).toMatchObject({ views: 4, loads: 1, errorRate: 1, openRate: 0.25, conversionRate: 0.25 });
  });

  it('answers a CORS preflight for allowed origins only', async () => {
    const ok = await t.app.inject({ method: 'OPTIONS', url: `/widget/v1/bots/${botId}/events`, headers: { origin: SHOP } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP);
    const bad = await t.app.inject({ method: 'OPTIONS', url: `/widget/v1/bots/${botId}/events`, headers: { origin: 'https://evil.example' } });
    expect(bad.statusCode).toBe(403);
  });

  it('refuses forged tokens, other origins, bad payloads and other bots’ releases', async () => {
    const { visitorToken } = await resolveVisitor(t.app, botId, SHOP);
    const batch = (over: Record<string, unknown>) => JSON.stringify({ visitorToken, releaseId, events: [{ type: 'opened' }], ...over });
    const forged = `${visitorToken.split('.')[0]}.${'A'.repeat(43)}`;
    expectProblem(await post(batch({ visitorToken: forged }), 'application/json'), 403, 'forbidden');
    const otherBotToken = (await resolveVisitor(t.app, otherBotId)).visitorToken;
    expectProblem(await post(batch({ visitorToken: otherBotToken }), 'application/json'), 403, 'forbidden');
    expectProblem(await post(batch({}), 'application/json', 'https://evil.example'), 403, 'forbidden');
    expectProblem(await post('{"visitorToken":', 'text/plain'), 400, 'invalid_json');
    expectProblem(await post(batch({ events: [] }), 'application/json'), 400, 'validation_failed');
    expectProblem(await post(batch({ events: Array.from({ length: 51 }, () => ({ type: 'opened' })) }), 'application/json'), 400, 'validation_failed');
    expectProblem(await post(batch({ releaseId: otherReleaseId }), 'application/json'), 404, 'not_found');
    expectProblem(await post(batch({ releaseId: randomUUID() }), 'application/json'), 404, 'not_found');
    expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    // A track event's props are stored as jsonb: an unpaired surrogate (in a value or a key) is refused, by either parser.
    for (const type of ['application/json', 'text/plain']) {
      expectProblem(await post(batch({ events: [{ type: 'track', name: 'x', props: { k: '\ud800' } }] }), type), 400, 'validation_failed');
      expectProblem(await post(batch({ events: [{ type: 'track', name: 'x', props: { '\udc00': 1 } }] }), type), 400, 'validation_failed');
    }
    const unknownBot = await t.app.inject({
      method: 'POST',
      url: `/widget/v1/bots/${randomUUID()}/events`,
      payload: batch({}),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(unknownBot, 404, 'not_found');
  });

  it('drops and counts malformed or out-of-range events, keeping the valid ones of the batch', async () => {
    const { visitorToken } = await resolveVisitor(t.app, botId, SHOP);
    const events = [
      { type: 'loaded', loadTimeMs: -5 },
      { type: 'loaded', loadTimeMs: 10_000_000 },
      { type: 'error', message: 'x', stackHash: '<script>' },
      { type: 'nope' },
      'not an event',
      { type: 'loaded', loadTimeMs: 321 },
    ];
    expect((await post(JSON.stringify({ visitorToken, releaseId, events }), 'text/plain')).statusCode).toBe(204);
    const stats = (await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats`)).json();
    expect(stats.dropped.invalid_event).toBe(5);
    expect(stats.dropped.forged_visitor).toBeGreaterThanOrEqual(1);
    const row = stats.releases.find((r: { releaseId: string }) => r.releaseId === releaseId);
    // Only the valid load was stored: the out-of-range ones never reach the load times.
    expect(row.p95LoadMs).toBeLessThanOrEqual(1_000);
  });

  it('rate-limits each visitor (429 problem+json)', async () => {
    const { visitorToken } = await resolveVisitor(t.app, botId, SHOP);
    const body = JSON.stringify({ visitorToken, releaseId, events: [{ type: 'message_sent' }] });
    for (let i = 0; i < 3; i++) expect((await post(body, 'text/plain')).statusCode).toBe(204);
    expectProblem(await post(body, 'text/plain'), 429, 'rate_limited');
    // Another visitor is not affected.
    const other = await resolveVisitor(t.app, botId, SHOP);
    expect((await post(JSON.stringify({ visitorToken: other.visitorToken, releaseId, events: [{ type: 'opened' }] }), 'application/json')).statusCode).toBe(204);
  });
});

describe('release stats', () => {
  let t: TestApp;
  let owner: Actor;
  let botId: string;
  let v1: string;
  let v2: string;
  const hour = Date.UTC(2030, 0, 1, 10);
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'stats');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Stats' })).json().id;
    const orgId = owner.orgId ?? '';
    v1 = await insertRelease(t, orgId, botId, '1.0.0', { active: true });
    v2 = await insertRelease(t, orgId, botId, '1.1.0');
    // v1: ten loads 100..1000 ms (six in the first hour, four in the next), 2 errors, 4 opens, 3 purchases, 1 signup.
    for (let i = 1; i <= 10; i++) {
      const at = new Date(hour + (i <= 6 ? 60_000 * i : 3_600_000 + 60_000 * i));
      await insertEvents(t, { orgId, botId, releaseId: v1, visitorId: randomUUID() }, [{ type: 'loaded', loadTimeMs: i * 100 }], at);
    }
    const later = new Date(hour + 3_600_000 + 30 * 60_000);
    const target = { orgId, botId, releaseId: v1, visitorId: randomUUID() };
    await insertEvents(t, target, [{ type: 'error', message: 'a', stackHash: 'aa' }, { type: 'error', message: 'b', stackHash: 'bb' }], later);
    await insertEvents(t, target, [{ type: 'opened' }, { type: 'opened' }, { type: 'opened' }, { type: 'opened' }], later);
    await insertEvents(t, target, [1, 2, 3].map(() => ({ type: 'track' as const, name: 'purchase' })), later);
    await insertEvents(t, target, [{ type: 'track', name: 'signup' }], later);
    // v2: 2 loads, 3 errors (capped), outside the window: one more load.
    await insertEvents(t, { orgId, botId, releaseId: v2, visitorId: randomUUID() }, [{ type: 'loaded', loadTimeMs: 50 }, { type: 'loaded', loadTimeMs: 70 }], new Date(hour));
    await insertEvents(t, { orgId, botId, releaseId: v2, visitorId: randomUUID() }, [1, 2, 3].map(() => ({ type: 'error' as const, message: 'x', stackHash: 'ff' })), new Date(hour + 1));
    await insertEvents(t, { orgId, botId, releaseId: v2, visitorId: randomUUID() }, [{ type: 'loaded', loadTimeMs: 5000 }], new Date(hour + 5 * 3_600_000));
  });
  afterAll(() => t.close());

  const window = `from=${new Date(hour).toISOString()}&to=${new Date(hour + 2 * 3_600_000).toISOString()}`;

  it('computes loads, error rate, p50/p95, opens and conversions per release with an hourly series', async () => {
    const res = await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats?${window}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = ReleaseStats.parse(res.json());
    expect(body.from).toBe(new Date(hour).toISOString());
    expect(body.releases.map((r) => r.semver)).toEqual(['1.0.0', '1.1.0']);
    const [a, b] = body.releases;
    expect(a).toMatchObject({ releaseId: v1, loads: 10, errors: 2, errorRate: 0.2, p50LoadMs: 550, opens: 4, openRate: 0.4, conversions: 3, conversionRate: 0.3 });
    expect(a?.p95LoadMs).toBeCloseTo(955, 6);
    expect(a?.series).toEqual([
      { at: new Date(hour).toISOString(), loads: 6, errors: 0 },
      { at: new Date(hour + 3_600_000).toISOString(), loads: 4, errors: 2 },
    ]);
    expect(b).toMatchObject({ releaseId: v2, loads: 2, errors: 3, errorRate: 1, p50LoadMs: 60, conversions: 0, conversionRate: 0, openRate: 0 });
    const signup = ReleaseStats.parse((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats?${window}&goal=signup`)).json());
    expect(signup.releases[0]).toMatchObject({ conversions: 1, conversionRate: 0.1 });
  });

  it('lets viewers read, refuses bad windows, and hides other orgs’ bots', async () => {
    const viewer = await createMember(t, owner, 'viewer');
    expect((await call(t.app, viewer, 'GET', `/api/v1/bots/${botId}/release-stats?${window}`)).statusCode).toBe(200);
    const backwards = await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`);
    expect(backwards.statusCode).toBe(400);
    expect((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats?from=yesterday`)).statusCode).toBe(400);
    expect((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats?from=0000-01-01T00:00:00Z`)).statusCode).toBe(400);
    const stranger = await createOwner(t, 'stranger');
    expect((await call(t.app, stranger, 'GET', `/api/v1/bots/${botId}/release-stats`)).statusCode).toBe(404);
    const empty = ReleaseStats.parse((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/release-stats`)).json());
    expect(empty.releases).toEqual([]);
  });
});
