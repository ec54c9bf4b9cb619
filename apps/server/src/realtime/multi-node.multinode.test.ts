import type { ChildProcess } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, ConversationSummary, CreatedApiKey, Release, WidgetResolve } from '@parley/contracts';
import { freePort } from '../test/free-port.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil, stopChild } from '../test/parley-process.js';
import { startRedis, type RedisServer } from '../test/redis-server.js';
import { createPgDatabase } from '../test/test-database.js';

const SHOP = 'http://shop.test';

interface Node {
  url: string;
  child: ChildProcess;
}

/** Two Parley processes sharing one PostgreSQL and one real redis-server. */
describe('two nodes behind one Redis', () => {
  let redis: RedisServer;
  const nodes: Node[] = [];
  const sockets: Socket[] = [];
  let botId = '';
  let agentKey = '';
  let adminHeaders: Record<string, string> = {};
  let env: Record<string, string>;

  async function startNode(): Promise<Node> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child } = await startNodeUntil([PARLEY_BIN, 'start'], { ...env, PORT: String(port), PUBLIC_URL: url }, /Dashboard:/);
    const node = { url, child };
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    redis = await startRedis();
    env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: await createPgDatabase(),
      REDIS_URL: redis.url,
      SECRET_KEY: 'multi-node-secret-multi-node-secret-0123456789',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      VISITOR_MESSAGE_LIMIT: '5',
      MESSAGE_LIMIT_WINDOW_SECONDS: '60',
    };
    expect((await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'mn@example.test', '--password', 'multi-node-pw', '--org', 'Multi'], env)).code).toBe(0);
    await Promise.all([startNode(), startNode()]);
    const a = nodes[0]?.url ?? '';
    const headers = await signInOverHttp(a, 'mn@example.test', 'multi-node-pw');
    adminHeaders = headers;
    const bot = Bot.parse(await (await fetch(`${a}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'mn', allowedOrigins: [SHOP] }) })).json());
    botId = bot.id;
    agentKey = CreatedApiKey.parse(await (await fetch(`${a}/api/v1/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'agent', role: 'agent' }) })).json()).key;
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    await redis?.stop();
  });

  function connect(url: string, nsp: string, auth: Record<string, string>): Promise<Socket> {
    const s = io(`${url}${nsp}`, { auth, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }

  it('lets a visitor on node A and an agent on node B chat, with shared presence and limits', async () => {
    const [a, b] = nodes.map((n) => n.url);
    if (!a || !b) throw new Error('nodes did not start');
    const resolved = WidgetResolve.parse(await (await fetch(`${a}/widget/v1/bots/${botId}/resolve`, { headers: { origin: SHOP } })).json());
    const agent = await connect(b, '/agent', { apiKey: agentKey });
    const online = new Promise((resolve) => agent.once('visitor.online', resolve));
    const visitor = await connect(a, '/visitor', { botId, visitorToken: resolved.visitorToken });
    await online;

    // A → B
    const heard = new Promise<{ conversationId: string; body: string }>((resolve) => agent.on('message.created', (m: { author: string; conversationId: string; body: string }) => m.author === 'visitor' && resolve(m)));
    const ack = await visitor.timeout(5_000).emitWithAck('message.send', { clientId: 'mn-0000001', body: 'hello from node A' });
    expect(ack.ok).toBe(true);
    const message = await heard;
    expect(message.body).toBe('hello from node A');

    // B → A
    const reply = new Promise<string>((resolve) => visitor.on('message.created', (m: { author: string; body: string }) => m.author === 'agent' && resolve(m.body)));
    const sent = await fetch(`${b}/api/v1/conversations/${message.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'hello from node B' }),
    });
    expect(sent.status).toBe(201);
    expect(await reply).toBe('hello from node B');

    // Node B sees the visitor connected to node A as online.
    const inbox = ConversationSummary.array().parse(await (await fetch(`${b}/api/v1/conversations`, { headers: { authorization: `Bearer ${agentKey}` } })).json());
    expect(inbox[0]?.visitor.online).toBe(true);

    // The flood limit is shared: 5 per window whichever node the messages arrive on.
    const onB = await connect(b, '/visitor', { botId, visitorToken: resolved.visitorToken });
    const results = [];
    for (let i = 2; i <= 7; i++) {
      const via = i % 2 === 0 ? onB : visitor;
      results.push(await via.timeout(5_000).emitWithAck('message.send', { clientId: `mn-000000${i}`, body: `m${i}` }));
    }
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok).map((r) => r.error.code)).toEqual(['rate_limited', 'rate_limited']);

    // Both of the visitor's sockets gone, on two nodes: offline once.
    const offline = new Promise((resolve) => agent.once('visitor.offline', resolve));
    visitor.disconnect();
    onB.disconnect();
    await offline;
  });

  it('takes a rollback made on node A to node B at once: its resolve (warm cache) and its open widgets', async () => {
    const [a, b] = nodes.map((n) => n.url);
    if (!a || !b) throw new Error('nodes did not start');
    const post = async (url: string, path: string, body: unknown) => {
      const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
      expect(res.ok, await res.clone().text()).toBe(true);
      return res.json();
    };
    const resolveOn = async (url: string, vt?: string) =>
      WidgetResolve.parse(await (await fetch(`${url}/widget/v1/bots/${botId}/resolve${vt ? `?vt=${vt}` : ''}`, { headers: { origin: SHOP } })).json());
    const v1 = Release.parse(await post(a, `/bots/${botId}/releases`, { semver: '1.0.0', config: { greeting: 'one' } }));
    await post(a, `/bots/${botId}/releases/${v1.id}/publish`, {});
    const v2 = Release.parse(await post(a, `/bots/${botId}/releases`, { semver: '2.0.0', config: { greeting: 'two' } }));
    await post(a, `/bots/${botId}/releases/${v2.id}/publish`, {});
    // Node B has v2 in its cache, and a widget open on it.
    const visitor = await resolveOn(b);
    await expect.poll(async () => (await resolveOn(b, visitor.visitorToken)).release?.semver, { timeout: 10_000 }).toBe('2.0.0');
    const widget = await connect(b, '/visitor', { botId, visitorToken: visitor.visitorToken });
    const told = new Promise((resolve) => widget.once('release.changed', resolve));

    await post(a, `/bots/${botId}/rollback`, { reason: 'v2 broke checkout' });
    expect(await told).toEqual({ botId });
    // Well inside the 5 s backstop: the invalidation travelled through Redis.
    await expect.poll(async () => (await resolveOn(b, visitor.visitorToken)).release?.semver, { timeout: 5_000, interval: 100 }).toBe('1.0.0');
    expect((await resolveOn(b)).greeting).toBe('one');
  });
});
