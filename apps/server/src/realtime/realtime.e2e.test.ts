import { createHmac } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WidgetResolve } from '@parley/contracts';
import { freePort } from '../test/free-port.js';
import { bearer, call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../test/test-app.js';

const SHOP = 'http://shop.test';

describe('realtime chat over Socket.IO', () => {
  let t: TestApp;
  let url: string;
  let owner: Actor;
  let other: Actor;
  let agentKey: string;
  let otherKey: string;
  let botId: string;
  let strictBotId: string;
  let strictSecret: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: url, VISITOR_MESSAGE_LIMIT: '8', VISITOR_SIGNAL_LIMIT: '40', MESSAGE_LIMIT_WINDOW_SECONDS: '60', GEOIP: 'true', TRUST_PROXY: 'true' });
    await t.app.listen({ host: '127.0.0.1', port });
    owner = await createOwner(t, 'rt');
    other = await createOwner(t, 'rt-other');
    agentKey = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'agent', role: 'agent' })).json().key;
    otherKey = (await call(t.app, other, 'POST', '/api/v1/api-keys', { name: 'other', role: 'agent' })).json().key;
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop bot', allowedOrigins: [SHOP] })).json().id;
    strictBotId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Strict', allowedOrigins: [SHOP], requireIdentity: true })).json().id;
    strictSecret = (await call(t.app, owner, 'GET', `/api/v1/bots/${strictBotId}/identity-secret`)).json().identitySecret;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => t.close());

  /** Over HTTP, as a widget asks (a returning visitor's answer may come from the server's fast path). */
  async function resolve(bot = botId, vt?: string): Promise<WidgetResolve> {
    const res = await fetch(`${url}/widget/v1/bots/${bot}/resolve${vt ? `?vt=${encodeURIComponent(vt)}` : ''}`, { headers: { origin: SHOP } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return WidgetResolve.parse(JSON.parse(text));
  }

  function connect(nsp: '/visitor' | '/agent', auth: Record<string, unknown>, origin = SHOP): Socket {
    const s = io(`${url}${nsp}`, { auth, extraHeaders: { origin }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  }

  const connected = (s: Socket) =>
    new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (err) => reject(err));
    });
  const refused = (s: Socket) =>
    new Promise<unknown>((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected but should not')));
      s.once('connect_error', (err: Error & { data?: unknown }) => resolve(err.data));
    });
  const next = <T = unknown>(s: Socket, event: string) => new Promise<T>((resolve) => s.once(event, resolve));
  const ask = (s: Socket, event: string, payload: unknown) => s.timeout(5_000).emitWithAck(event, payload);

  it("shows the visitor's country and city from their IP (the proxy's X-Forwarded-For) in the inbox", async () => {
    const r = await resolve();
    const s = io(`${url}/visitor`, {
      auth: { botId, visitorToken: r.visitorToken, pageUrl: 'https://shop.test/cart' },
      extraHeaders: { origin: SHOP, 'x-forwarded-for': '14.160.0.1, 10.0.0.1' },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    await connected(s);
    expect(await ask(s, 'message.send', { clientId: 'geo-first-message', body: 'xin chào' })).toMatchObject({ ok: true });
    const visitor = (await call(t.app, owner, 'GET', `/api/v1/visitors/${r.visitorId}`)).json();
    expect(visitor).toMatchObject({ country: 'VN', city: 'Hanoi', lastPageUrl: 'https://shop.test/cart' });
    // A loopback or private address has no place: the last known one stays.
    const again = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(again);
    expect((await call(t.app, owner, 'GET', `/api/v1/visitors/${r.visitorId}`)).json()).toMatchObject({ country: 'VN', city: 'Hanoi' });
  });

  it('resolves with CORS for allowed origins only and issues a signed visitor', async () => {
    const ok = await t.app.inject({ url: `/widget/v1/bots/${botId}/resolve`, headers: { origin: SHOP } });
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP);
    expect(ok.headers['cache-control']).toBe('private, no-cache');
    const r = WidgetResolve.parse(ok.json());
    expect(r.frameUrl).toBe(`${url}/widget/v1/frame/${botId}`);
    expect(r.unread).toBe(0);
    // The same token is the same visitor; a forged one gets a new visitor.
    expect((await resolve(botId, r.visitorToken)).visitorId).toBe(r.visitorId);
    expect((await resolve(botId, `${r.visitorToken}x`)).visitorId).not.toBe(r.visitorId);
    const evil = await t.app.inject({ url: `/widget/v1/bots/${botId}/resolve`, headers: { origin: 'https://evil.test' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect((await t.app.inject(`/widget/v1/bots/${crypto.randomUUID()}/resolve`)).statusCode).toBe(404);
    expect((await t.app.inject('/widget/v1/bots/nope/resolve')).statusCode).toBe(400);
  });

  it('refuses wrong origins, forged tokens, unknown bots and bad auth', async () => {
    const r = await resolve();
    expect(await refused(connect('/visitor', { botId, visitorToken: r.visitorToken }, 'https://evil.test'))).toMatchObject({ code: 'origin_not_allowed' });
    expect(await refused(connect('/visitor', { botId, visitorToken: `${r.visitorToken.slice(0, -2)}xx` }))).toMatchObject({ code: 'invalid_token' });
    expect(await refused(connect('/visitor', { botId: strictBotId, visitorToken: r.visitorToken }))).toMatchObject({ code: 'invalid_token' });
    expect(await refused(connect('/visitor', { botId: crypto.randomUUID(), visitorToken: r.visitorToken }))).toMatchObject({ code: 'not_found' });
    expect(await refused(connect('/visitor', { nope: 1 }))).toMatchObject({ code: 'validation_failed' });
    // The page address is stored as text: what text cannot hold is refused, not an internal error.
    for (const pageUrl of ['https://shop.test/\u0000', 'https://shop.test/\ud800']) {
      expect(await refused(connect('/visitor', { botId, visitorToken: r.visitorToken, pageUrl }))).toMatchObject({ code: 'validation_failed' });
    }
    expect(await refused(connect('/agent', { apiKey: 'pk_bad' }))).toMatchObject({ code: 'unauthorized' });
    // A session cookie from another site's page is refused (cross-site WebSocket hijacking).
    const cookie = owner.headers.cookie ?? '';
    const hijack = io(`${url}/agent`, { extraHeaders: { origin: SHOP, cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(hijack);
    expect(await refused(hijack)).toMatchObject({ code: 'forbidden' });
  });

  it('closes dashboard sockets whose access ends: sign-out, a new role, removal, a revoked API key', async () => {
    const closed = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', (reason: string) => resolve(reason)));
    const sessionSocket = (who: Actor) => {
      const s = io(`${url}/agent`, { auth: { orgId: who.orgId }, extraHeaders: { origin: url, cookie: who.headers.cookie ?? '' }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      return s;
    };
    const member = await createMember(t, owner, 'agent', 'rt-revoked');
    const bystander = connect('/agent', { apiKey: agentKey });
    await connected(bystander);

    // Their role changes: the socket (which carries the old role) is closed; a reconnect gets the new one.
    let s = sessionSocket(member);
    await connected(s);
    let gone = closed(s);
    expect((await call(t.app, owner, 'PATCH', `/api/v1/members/${member.userId ?? ''}`, { role: 'viewer' })).statusCode).toBe(200);
    expect(await gone).toBe('io server disconnect');

    // They sign out: closed.
    s = sessionSocket(member);
    await connected(s);
    gone = closed(s);
    expect((await call(t.app, member, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(await refused(sessionSocket(member))).toMatchObject({ code: 'unauthorized' });

    // Removed from the organization: closed, and refused on reconnect.
    const removed = await createMember(t, owner, 'agent', 'rt-removed');
    s = sessionSocket(removed);
    await connected(s);
    gone = closed(s);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/members/${removed.userId ?? ''}`)).statusCode).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(await refused(sessionSocket(removed))).toBeTruthy();

    // A revoked API key: its sockets close, other keys' stay.
    const created = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'short-lived', role: 'agent' })).json();
    s = connect('/agent', { apiKey: created.key });
    await connected(s);
    gone = closed(s);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/api-keys/${created.apiKey.id}`)).statusCode).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(bystander.connected).toBe(true);
  });

  it('delivers a visitor message to agents of the org only, and the agent reply back', async () => {
    const agent = connect('/agent', { apiKey: agentKey });
    const stranger = connect('/agent', { apiKey: otherKey });
    await Promise.all([connected(agent), connected(stranger)]);
    const strangerHeard: string[] = [];
    stranger.onAny((event: string) => strangerHeard.push(event));

    const r = await resolve();
    const online = next<{ visitorId: string }>(agent, 'visitor.online');
    const visitor = connect('/visitor', { botId, visitorToken: r.visitorToken, pageUrl: `${SHOP}/product/1` });
    await connected(visitor);
    expect((await online).visitorId).toBe(r.visitorId);

    const agentGot = next<{ body: string; conversationId: string }>(agent, 'message.created');
    const ack = await ask(visitor, 'message.send', { clientId: 'visitor-0001', body: 'Do you ship to Hanoi?' });
    expect(ack).toMatchObject({ ok: true, duplicate: false, message: { seq: 1, author: 'visitor', body: 'Do you ship to Hanoi?' } });
    const { conversationId } = await agentGot;

    // The away message follows, then the agent's public reply, but never the internal note.
    const visitorGot: string[] = [];
    visitor.on('message.created', (m: { body: string }) => visitorGot.push(m.body));
    await call(t.app, bearer(agentKey), 'POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'check stock first', internal: true });
    const replyArrives = new Promise<void>((resolve) => visitor.on('message.created', (m: { body: string }) => m.body === 'Yes, we do!' && resolve()));
    const sent = await call(t.app, bearer(agentKey), 'POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'Yes, we do!' });
    expect(sent.statusCode).toBe(201);
    await replyArrives;
    expect(visitorGot).not.toContain('check stock first');
    expect(visitorGot).toContain('Yes, we do!');

    const inbox = await call(t.app, bearer(agentKey), 'GET', '/api/v1/conversations');
    const row = inbox.json().find((c: { id: string }) => c.id === conversationId);
    expect(row).toMatchObject({
      status: 'open',
      visitor: { id: r.visitorId, online: true, lastPageUrl: `${SHOP}/product/1`, verified: false },
      lastMessage: { body: 'Yes, we do!', author: 'agent' },
    });
    const details = await call(t.app, bearer(agentKey), 'GET', `/api/v1/visitors/${r.visitorId}`);
    expect(details.json()).toMatchObject({ id: r.visitorId, online: true, botId });
    expect((await call(t.app, bearer(otherKey), 'GET', `/api/v1/visitors/${r.visitorId}`)).statusCode).toBe(404);

    const offline = next<{ visitorId: string }>(agent, 'visitor.offline');
    visitor.disconnect();
    expect((await offline).visitorId).toBe(r.visitorId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(strangerHeard).toEqual([]);
    const after = await call(t.app, bearer(agentKey), 'GET', `/api/v1/visitors/${r.visitorId}`);
    expect(after.json().online).toBe(false);
  });

  it('shows in the inbox which of its visitors are online, from one presence query for the whole page', async () => {
    const [a, b] = [await resolve(), await resolve()];
    const visitorA = connect('/visitor', { botId, visitorToken: a.visitorToken });
    const visitorB = connect('/visitor', { botId, visitorToken: b.visitorToken });
    // visitorA also has a second tab: closing one tab leaves them online.
    const visitorA2 = connect('/visitor', { botId, visitorToken: a.visitorToken });
    await Promise.all([connected(visitorA), connected(visitorB), connected(visitorA2)]);
    expect(await ask(visitorA, 'message.send', { clientId: 'presence-a', body: 'from A' })).toMatchObject({ ok: true });
    expect(await ask(visitorB, 'message.send', { clientId: 'presence-b', body: 'from B' })).toMatchObject({ ok: true });
    visitorB.disconnect();
    visitorA2.disconnect();
    const onlineOf = async () => {
      const rows: Array<{ visitor: { id: string; online: boolean } }> = (await call(t.app, bearer(agentKey), 'GET', '/api/v1/conversations')).json();
      return Object.fromEntries(rows.filter((c) => c.visitor.id === a.visitorId || c.visitor.id === b.visitorId).map((c) => [c.visitor.id, c.visitor.online]));
    };
    await expect.poll(onlineOf).toEqual({ [a.visitorId]: true, [b.visitorId]: false });
    visitorA.disconnect();
    await expect.poll(onlineOf).toEqual({ [a.visitorId]: false, [b.visitorId]: false });
  });

  it("gives the sending tab its message in the ack only, and the visitor's other tabs as an event", async () => {
    const r = await resolve();
    const sender = connect('/visitor', { botId, visitorToken: r.visitorToken });
    const otherTab = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await Promise.all([connected(sender), connected(otherTab)]);
    // Events reach a socket in order, and the message's own event would come before the bot's answer.
    const senderFirstEvent = next<{ author: string }>(sender, 'message.created');
    const otherTabGot = next<{ body: string; clientId: string }>(otherTab, 'message.created');
    const ack = await ask(sender, 'message.send', { clientId: 'tabs-0001', body: 'from the first tab' });
    expect(ack).toMatchObject({ ok: true, message: { body: 'from the first tab' } });
    expect(await otherTabGot).toMatchObject({ body: 'from the first tab', clientId: 'tabs-0001' });
    expect(await senderFirstEvent).toMatchObject({ author: 'bot' });
    sender.disconnect();
    otherTab.disconnect();
  });

  it('never duplicates a resent message and backfills the gap on sync', async () => {
    const r = await resolve();
    const visitor = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(visitor);
    const first = await ask(visitor, 'message.send', { clientId: 'resend-0001', body: 'one' });
    const again = await ask(visitor, 'message.send', { clientId: 'resend-0001', body: 'one' });
    expect(again).toMatchObject({ ok: true, duplicate: true, message: { id: first.message.id, seq: first.message.seq } });
    visitor.disconnect();

    // While away, the agent answers; the reconnecting widget asks for everything after seq 1.
    const conversationId = first.message.conversationId;
    await call(t.app, bearer(agentKey), 'POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'while you were away' });
    expect((await resolve(botId, r.visitorToken)).unread).toBe(2);
    expect((await resolve(botId, r.visitorToken)).unread).toBe(2);
    const back = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(back);
    const sync = await ask(back, 'sync', { afterSeq: 1 });
    expect(sync.ok).toBe(true);
    expect(sync.messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    expect(sync.messages.map((m: { author: string }) => m.author)).toEqual(['bot', 'agent']);
    await ask(back, 'read', { seq: 3 });
    expect((await resolve(botId, r.visitorToken)).unread).toBe(0);
    expect((await resolve(botId, r.visitorToken)).unread).toBe(0);
  });

  it('answers malformed payloads with an error ack and survives', async () => {
    const r = await resolve();
    const visitor = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(visitor);
    const cases: unknown[] = [
      { clientId: 'toolong-001', body: 'x'.repeat(4_001) },
      { clientId: 'blank-00001', body: '   \n\t ' },
      { clientId: 'bad id!', body: 'hi' },
      { clientId: 'extra-00001', body: 'hi', admin: true },
      { clientId: 'nul-0000001', body: 'a\u0000b' },
      // Half of a surrogate pair: PostgreSQL's json refuses it, so it is refused here, not an internal error.
      { clientId: 'lone-000001', body: 'a\ud800b' },
      { clientId: 'lone-000002', body: '💬'.slice(1) },
      'just a string',
      null,
      42,
      [],
    ];
    for (const payload of cases) {
      const res = await ask(visitor, 'message.send', payload);
      expect(res, JSON.stringify(payload)?.slice(0, 50)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect((await ask(visitor, 'message.send', { clientId: 'toolong-002', body: 'x'.repeat(4_001) })).error.message).toContain('4000');
    // A seq past what PostgreSQL's integer holds.
    expect(await ask(visitor, 'sync', { afterSeq: 2 ** 31 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await ask(visitor, 'read', { seq: 2 ** 53 - 1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    // Only an ack, no payload; an event nobody listens for: answered all the same, never left waiting.
    expect(await visitor.timeout(5_000).emitWithAck('sync')).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await ask(visitor, 'join', { room: 'everyone' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Unknown event: join' } });
    visitor.emit('message.send', { clientId: 'noack-00001', body: 'no ack wanted' });
    visitor.emit('sync', 'garbage');
    expect(await ask(visitor, 'sync', { afterSeq: 0 })).toMatchObject({ ok: true });
    expect(visitor.connected).toBe(true);
  });

  it('rate-limits a flooding visitor with a clear error and stores nothing twice', async () => {
    const r = await resolve();
    const visitor = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(visitor);
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await ask(visitor, 'message.send', { clientId: `flood-${String(i).padStart(5, '0')}`, body: `m${i}` }));
    const limited = results.filter((x) => !x.ok);
    expect(limited.length).toBe(4);
    expect(limited[0].error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('too fast') });
    const sync = await ask(visitor, 'sync', { afterSeq: 0 });
    const bodies = sync.messages.filter((m: { author: string }) => m.author === 'visitor').map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  it("bounds what one visitor may ask besides messages: 8 requests at once, VISITOR_SIGNAL_LIMIT per window", async () => {
    const r = await resolve();
    const visitor = connect('/visitor', { botId, visitorToken: r.visitorToken });
    await connected(visitor);
    expect(await ask(visitor, 'message.send', { clientId: 'bound-00001', body: 'hi' })).toMatchObject({ ok: true });
    // Forty syncs at once, none waiting for its answer: eight run, the rest are refused at once.
    const burst = await Promise.all(Array.from({ length: 40 }, () => ask(visitor, 'sync', { afterSeq: 0 })));
    const ran = burst.filter((x) => x.ok);
    const refusedAtOnce = burst.filter((x) => !x.ok);
    expect(ran.length).toBeGreaterThanOrEqual(8);
    expect(refusedAtOnce.length).toBeGreaterThan(0);
    for (const x of refusedAtOnce) expect(x.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('at once') });
    // Then, one at a time, up to the window's 40 (the syncs that ran count).
    let allowed = ran.length;
    for (;;) {
      const res = await ask(visitor, 'typing', { typing: allowed % 2 === 0 });
      if (!res.ok) {
        expect(res.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('too fast') });
        break;
      }
      allowed++;
      expect(allowed).toBeLessThanOrEqual(40);
    }
    expect(allowed).toBe(40);
    expect(await ask(visitor, 'identify', { userId: 'u1' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Messages have their own budget.
    expect(await ask(visitor, 'message.send', { clientId: 'bound-00002', body: 'still here' })).toMatchObject({ ok: true });
  });

  it('requires a verified identity when the bot says so', async () => {
    const r = await resolve(strictBotId);
    const visitor = connect('/visitor', { botId: strictBotId, visitorToken: r.visitorToken });
    await connected(visitor);
    expect(await ask(visitor, 'message.send', { clientId: 'anon-000001', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(visitor, 'identify', { userId: 'user-42', userHash: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const userHash = createHmac('sha256', strictSecret).update('user-42').digest('hex');
    expect(await ask(visitor, 'identify', { userId: 'user-42', name: 'Lan', userHash })).toMatchObject({ ok: true, verified: true });
    expect(await ask(visitor, 'message.send', { clientId: 'known-000001', body: 'hi, it is Lan' })).toMatchObject({ ok: true });

    // The same user on another device continues the same visitor (and conversation).
    const r2 = await resolve(strictBotId);
    const device2 = connect('/visitor', { botId: strictBotId, visitorToken: r2.visitorToken });
    await connected(device2);
    const switched = await ask(device2, 'identify', { userId: 'user-42', userHash });
    expect(switched).toMatchObject({ ok: true, verified: true, visitorToken: expect.any(String) });
    const resumed = connect('/visitor', { botId: strictBotId, visitorToken: switched.visitorToken });
    await connected(resumed);
    const history = await ask(resumed, 'sync', { afterSeq: 0 });
    expect(history.messages.map((m: { body: string }) => m.body)).toContain('hi, it is Lan');
  });
});
