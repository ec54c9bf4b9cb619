import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Release, WidgetResolve } from '@parley/contracts';
import { freePort } from '../../test/free-port.js';
import { call, createOwner, type Actor, type TestApp, createTestApp } from '../../test/test-app.js';

const SHOP = 'https://shop.fast.test';

/**
 * Resolve over real HTTP: a returning visitor's second page view is answered by the server's fast path
 * (resolve-fast-path.ts), which must send exactly what the route sends and never a stale answer.
 */
describe('resolve for returning visitors (HTTP fast path)', () => {
  let t: TestApp;
  let url = '';
  let owner: Actor;
  let botId = '';

  const get = (path: string, headers: Record<string, string> = { origin: SHOP }) => fetch(`${url}${path}`, { headers });
  const resolvePath = (token?: string, bot = botId) => `/widget/v1/bots/${bot}/resolve${token === undefined ? '' : `?vt=${encodeURIComponent(token)}`}`;
  /** Status, body and every header but the date. */
  async function snapshot(res: Response) {
    const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
    return { status: res.status, headers, body: await res.text() };
  }
  async function newVisitor(): Promise<string> {
    const res = await get(resolvePath());
    expect(res.status).toBe(200);
    return WidgetResolve.parse(await res.json()).visitorToken;
  }
  async function publish(semver: string): Promise<string> {
    const created = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/releases`, { semver, config: { greeting: `Hello from ${semver}` } });
    expect(created.statusCode, created.body).toBe(201);
    const release = Release.parse(created.json());
    const published = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/releases/${release.id}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    return release.id;
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: url });
    await t.app.listen({ host: '127.0.0.1', port });
    owner = await createOwner(t, 'fast');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Fast bot', allowedOrigins: [SHOP] })).json().id;
    await publish('1.0.0');
  });
  afterAll(() => t.close());

  it('sends a returning visitor the same status, headers and bytes as the route, 304 included', async () => {
    // The server made for the fast path keeps Fastify's own timeouts.
    expect(t.app.server.keepAliveTimeout).toBe(72_000);
    const token = await newVisitor();
    // The first page view with the token is built by the route (and kept); the next ones are the kept answer.
    const built = await snapshot(await get(resolvePath(token)));
    const kept = await snapshot(await get(resolvePath(token)));
    expect(built.status).toBe(200);
    expect(kept).toEqual(built);
    expect(built.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, no-cache',
      'access-control-allow-origin': SHOP,
      vary: 'origin',
    });
    expect(WidgetResolve.parse(JSON.parse(kept.body)).greeting).toBe('Hello from 1.0.0');

    const etag = built.headers.etag ?? '';
    const other = await newVisitor();
    const otherEtag = (await get(resolvePath(other))).headers.get('etag') ?? '';
    // Another visitor's first revalidation is the route's 304, this visitor's is the fast path's: the same.
    const routeNotModified = await snapshot(await get(resolvePath(other), { origin: SHOP, 'if-none-match': otherEtag }));
    const keptNotModified = await snapshot(await get(resolvePath(token), { origin: SHOP, 'if-none-match': `W/${etag}` }));
    expect(routeNotModified.status).toBe(304);
    expect({ ...keptNotModified, headers: { ...keptNotModified.headers, etag: otherEtag } }).toEqual(routeNotModified);
    // Without Origin (Parley's own pages) there are no CORS headers, on either path.
    const sameSite = await snapshot(await get(resolvePath(token), {}));
    expect(sameSite.status).toBe(200);
    expect(sameSite.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never serves a kept answer that is no longer true: a new release, a refused origin, a disabled widget', async () => {
    const token = await newVisitor();
    await get(resolvePath(token));
    expect(WidgetResolve.parse(await (await get(resolvePath(token))).json()).greeting).toBe('Hello from 1.0.0');

    await publish('1.1.0');
    expect(WidgetResolve.parse(await (await get(resolvePath(token))).json()).greeting).toBe('Hello from 1.1.0');
    expect(WidgetResolve.parse(await (await get(resolvePath(token))).json()).greeting).toBe('Hello from 1.1.0');

    const refused = await get(resolvePath(token), { origin: 'https://evil.test' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');

    const off = await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}`, { widgetEnabled: false });
    expect(off.statusCode, off.body).toBe(200);
    const gone = await get(resolvePath(token));
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');
    await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}`, { widgetEnabled: true });
    expect((await get(resolvePath(token))).status).toBe(200);
  });

  it('leaves anything unusual to the route: a forged token, extra or escaped query, HEAD, another bot', async () => {
    const forged = await get(resolvePath('eyJmb3JnZWQiOnRydWV9.AAAA'));
    expect(forged.status).toBe(200);
    expect(WidgetResolve.parse(await forged.json()).visitorToken).not.toBe('eyJmb3JnZWQiOnRydWV9.AAAA');
    const token = await newVisitor();
    await get(resolvePath(token));
    const extra = await get(`${resolvePath(token)}&utm=1`);
    expect(extra.status).toBe(200);
    expect(WidgetResolve.parse(await extra.json()).visitorToken).toBe(token);
    const preview = await get(`${resolvePath(token)}&preview=not-a-preview-token`);
    expect(preview.status).toBe(403);
    expect(preview.headers.get('content-type')).toContain('application/problem+json');
    const head = await fetch(`${url}${resolvePath(token)}`, { method: 'HEAD', headers: { origin: SHOP } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(resolvePath(token, crypto.randomUUID()))).status).toBe(404);
  });
});

describe('resolve logging at LOG_LEVEL=info', () => {
  it('logs every other request but not resolve (every page view), which is still answered on both paths', async () => {
    const lines: string[] = [];
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const t = await createTestApp({ PUBLIC_URL: url, LOG_LEVEL: 'info' }, { write: (line) => void lines.push(line) });
    try {
      await t.app.listen({ host: '127.0.0.1', port });
      const owner = await createOwner(t, 'quiet');
      const botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Quiet bot', allowedOrigins: [SHOP] })).json().id;
      const path = `/widget/v1/bots/${botId}/resolve`;
      const first = WidgetResolve.parse(await (await fetch(`${url}${path}`, { headers: { origin: SHOP } })).json());
      for (let i = 0; i < 3; i++) {
        const again = await fetch(`${url}${path}?vt=${encodeURIComponent(first.visitorToken)}`, { headers: { origin: SHOP } });
        expect(WidgetResolve.parse(await again.json()).visitorId).toBe(first.visitorId);
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const logged = lines.join('\n');
      expect(logged).toContain('/healthz');
      expect(logged).not.toContain('/resolve');
    } finally {
      await t.close();
    }
  });
});
