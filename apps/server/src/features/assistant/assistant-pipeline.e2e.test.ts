import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssistantTestResult, Conversation, Message, WidgetResolve, type IntentModelStatus } from '@parley/contracts';
import { freePort } from '../../test/free-port.js';
import { bearer, call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

const SHOP = 'http://shop.test';

describe('the hybrid assistant answering through the pipeline', () => {
  let t: TestApp;
  let url: string;
  let owner: Actor;
  let viewer: Actor;
  let agent: Actor;
  let other: Actor;
  let botId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: url });
    await t.app.listen({ host: '127.0.0.1', port });
    owner = await createOwner(t, 'pipeline');
    viewer = await createMember(t, owner, 'viewer');
    agent = bearer((await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'agent', role: 'agent' })).json().key);
    other = await createOwner(t, 'pipeline-other');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop bot', allowedOrigins: [SHOP] })).json().id;
    const intents = [
      {
        name: 'opening_hours',
        examples: ['what are your opening hours', 'when are you open', 'what time do you open', 'are you open on sunday', 'giờ mở cửa', 'mấy giờ cửa hàng mở cửa'],
        responses: [
          { text: 'We are open 9:00–18:00, Monday to Saturday.', quickReplies: [{ label: 'Find a store' }, { label: 'Call us', payload: 'call' }] },
          { text: 'Chúng tôi mở cửa 9:00–18:00, thứ Hai đến thứ Bảy.', locale: 'vi' },
        ],
      },
      {
        name: 'refund',
        examples: ['I want my money back'],
        rules: [{ kind: 'regex', pattern: '\\b(refund|hoàn tiền)\\b' }],
        responses: [{ text: 'Refunds reach your card within 5 days.', links: [{ label: 'Refund policy', url: 'https://shop.test/refunds' }] }],
      },
      { name: 'complaint', examples: ['I want to complain', 'this is unacceptable'], rules: [{ kind: 'keyword', pattern: 'lawyer' }], handoff: true },
    ];
    for (const intent of intents) {
      const res = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/intents`, intent);
      if (res.statusCode !== 201) throw new Error(res.body);
    }
    const faq = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/faqs`, {
      questions: ['Do you ship to Hanoi?', 'Can you deliver to Hanoi?'],
      answer: 'Yes, we ship to Hanoi within 2 days.',
      quickReplies: [{ label: 'Shipping costs' }],
    });
    if (faq.statusCode !== 201) throw new Error(faq.body);
    // The classifier trains in the background.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status: IntentModelStatus = (await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/intents-model`)).json();
      if (status.upToDate && status.trainedVersion !== null) break;
      if (Date.now() > deadline) throw new Error('the model was not trained');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => t.close());

  async function ask(text: string, extra: Record<string, unknown> = {}, actor = owner, bot = botId) {
    return call(t.app, actor, 'POST', `/api/v1/bots/${bot}/assistant/test`, { text, ...extra });
  }
  async function tested(text: string, extra: Record<string, unknown> = {}): Promise<AssistantTestResult> {
    const res = await ask(text, extra);
    expect(res.statusCode, res.body).toBe(200);
    return AssistantTestResult.parse(res.json());
  }
  const stage = (r: AssistantTestResult, name: string) => r.stages.find((s) => s.name === name);

  it('test console: an intent answers, with its confidence and each stage timed', async () => {
    const r = await tested('when do you open?');
    expect(r).toMatchObject({ kind: 'answer', answeredBy: 'intent', intent: 'opening_hours', text: 'We are open 9:00–18:00, Monday to Saturday.' });
    expect(r.confidence).toBeGreaterThan(0.2);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.rich.quickReplies).toEqual([{ label: 'Find a store' }, { label: 'Call us', payload: 'call' }]);
    expect(r.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'answered'],
    ]);
    for (const s of r.stages) expect(s.ms).toBeGreaterThanOrEqual(0);
    expect(stage(r, 'intent')?.detail).toMatch(/^opening_hours 0\.\d\d$/);
    expect(r.totalMs).toBeGreaterThanOrEqual(r.stages.reduce((sum, s) => sum + s.ms, 0) - 0.001);
    // The Vietnamese visitor gets the Vietnamese response (a response without locale would fit too).
    const vi = await tested('giờ mở cửa là mấy giờ', { locale: 'vi' });
    expect(vi).toMatchObject({ answeredBy: 'intent', intent: 'opening_hours' });
    expect([
      'Chúng tôi mở cửa 9:00–18:00, thứ Hai đến thứ Bảy.',
      'We are open 9:00–18:00, Monday to Saturday.',
    ]).toContain(vi.text);
  });

  it('test console: a rule wins over the classifier (with confidence 1), also without diacritics', async () => {
    const r = await tested('Can I get a refund please?');
    expect(r).toMatchObject({ answeredBy: 'rule', intent: 'refund', confidence: 1, text: 'Refunds reach your card within 5 days.' });
    expect(r.rich.links).toEqual([{ label: 'Refund policy', url: 'https://shop.test/refunds' }]);
    expect(stage(r, 'rules')).toMatchObject({ outcome: 'answered', detail: 'refund' });
    expect(stage(r, 'intent')).toBeUndefined();
    expect((await tested('cho minh hoan tien', { locale: 'vi' })).answeredBy).toBe('rule');
    // A rule of a handoff intent hands over.
    expect(await tested('I will call my lawyer')).toMatchObject({ kind: 'handoff', answeredBy: 'handoff', intent: 'complaint' });
  });

  it('test console: an FAQ answers from the knowledge stage with its quick replies and source; unknown questions fall back', async () => {
    const r = await tested('can you deliver to hanoi');
    expect(r).toMatchObject({ answeredBy: 'knowledge', text: 'Yes, we ship to Hanoi within 2 days.' });
    expect(r.confidence).toBeGreaterThanOrEqual(0.35);
    expect(r.rich).toMatchObject({ quickReplies: [{ label: 'Shipping costs' }], sources: [{ title: 'Do you ship to Hanoi?' }] });
    expect(stage(r, 'knowledge')?.outcome).toBe('answered');
    expect(r.stages.map((s) => s.name)).toEqual(['handoff', 'rules', 'intent', 'knowledge']);

    const unknown = await tested('what is the airspeed of an unladen swallow');
    expect(unknown).toMatchObject({ kind: 'answer', answeredBy: 'fallback', confidence: 0 });
    expect(unknown.rich.quickReplies).toEqual([{ label: 'Talk to a person', payload: 'parley:handoff' }]);
    expect(stage(unknown, 'llm')).toMatchObject({ outcome: 'skipped' });
    // The bot's own wording, per locale.
    await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { messages: { vi: { fallback: 'Em chưa biết ạ.', talkToPerson: 'Gặp người thật' } } });
    const vi = await tested('con chim bay nhanh the nao', { locale: 'vi' });
    expect(vi).toMatchObject({ answeredBy: 'fallback', text: 'Em chưa biết ạ.', rich: { quickReplies: [{ label: 'Gặp người thật', payload: 'parley:handoff' }] } });
  });

  it('test console: explicit requests for a person hand over; agents may test, viewers and other organizations may not', async () => {
    expect(await tested('I want to talk to a human')).toMatchObject({ kind: 'handoff', answeredBy: 'handoff', confidence: 1 });
    expect(await tested('cho tôi gặp nhân viên', { locale: 'vi' })).toMatchObject({ kind: 'handoff' });
    expect((await ask('when do you open?', {}, agent)).statusCode).toBe(200);
    expect((await ask('when do you open?', {}, viewer)).statusCode).toBe(403);
    expect((await ask('when do you open?', {}, other)).statusCode).toBe(404);
    expect((await ask('', {})).statusCode).toBe(400);
    // Nothing is stored: no conversation appeared.
    expect((await call(t.app, owner, 'GET', '/api/v1/conversations')).json()).toEqual([]);
  });

  async function visitorOf(bot = botId): Promise<{ socket: Socket; visitorId: string }> {
    const res = await t.app.inject({ url: `/widget/v1/bots/${bot}/resolve`, headers: { origin: SHOP } });
    const r = WidgetResolve.parse(res.json());
    const socket = io(`${url}/visitor`, { auth: { botId: bot, visitorToken: r.visitorToken }, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, visitorId: r.visitorId };
  }

  /** Sends a message and resolves with the bot's next message (or null after `quietMs`). */
  async function say(socket: Socket, text: string, quietMs = 0, extra: Record<string, unknown> = {}): Promise<Message | null> {
    const reply = new Promise<Message | null>((resolve) => {
      const timer = quietMs > 0 ? setTimeout(() => resolve(null), quietMs) : undefined;
      const onMessage = (m: Message) => {
        if (m.author !== 'bot') return;
        if (timer) clearTimeout(timer);
        socket.off('message.created', onMessage);
        resolve(m);
      };
      socket.on('message.created', onMessage);
    });
    const ack = await socket.timeout(5_000).emitWithAck('message.send', { clientId: `c-${crypto.randomUUID()}`, body: text, ...extra });
    expect(ack).toMatchObject({ ok: true });
    return reply;
  }

  async function conversationOf(conversationId: string): Promise<Conversation> {
    return Conversation.parse((await call(t.app, agent, 'GET', `/api/v1/conversations/${conversationId}`)).json());
  }

  it('a visitor message matching an intent gets its response, stored with rich parts, answered_by and confidence', async () => {
    const { socket } = await visitorOf();
    const reply = await say(socket, 'what time do you open on saturday?');
    expect(reply).toMatchObject({ author: 'bot', body: 'We are open 9:00–18:00, Monday to Saturday.', answeredBy: 'intent' });
    expect(reply?.rich).toEqual({ quickReplies: [{ label: 'Find a store' }, { label: 'Call us', payload: 'call' }] });
    expect(reply?.confidence).toBeGreaterThan(0.2);
    const stored = Message.array().parse((await call(t.app, agent, 'GET', `/api/v1/conversations/${reply?.conversationId ?? ''}/messages`)).json());
    expect(stored.map((m) => [m.author, m.answeredBy ?? null])).toEqual([
      ['visitor', null],
      ['bot', 'intent'],
    ]);
    expect(stored[1]).toMatchObject({ rich: reply?.rich, confidence: reply?.confidence });
    // The trace and latency are stored on the row.
    const row = await t.database.db.query.messages.findFirst({ where: (m, { eq }) => eq(m.id, reply?.id ?? '') });
    expect(row?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(row?.trace).toMatchObject({ intent: 'opening_hours', stages: expect.arrayContaining([expect.objectContaining({ name: 'intent', outcome: 'answered' })]) });
    // The FAQ answers a visitor too, with its quick replies.
    const faq = await say(socket, 'Can you deliver to Hanoi?');
    expect(faq).toMatchObject({ answeredBy: 'knowledge', body: 'Yes, we ship to Hanoi within 2 days.', rich: { quickReplies: [{ label: 'Shipping costs' }] } });
  });

  it('"I want to talk to a human" hands off: human mode, reason request; the bot then stays silent until an agent hands back', async () => {
    const { socket } = await visitorOf();
    const handoff = await say(socket, 'I want to talk to a human');
    expect(handoff).toMatchObject({ author: 'bot', answeredBy: 'handoff', body: expect.stringContaining('Connecting you with a person') });
    const conversationId = handoff?.conversationId ?? '';
    expect(await conversationOf(conversationId)).toMatchObject({ humanMode: true, handoffReason: 'request', status: 'open' });
    expect((await conversationOf(conversationId)).handedOffAt).not.toBeNull();

    expect(await say(socket, 'when do you open?', 1_500)).toBeNull();
    const messages = Message.array().parse((await call(t.app, agent, 'GET', `/api/v1/conversations/${conversationId}/messages`)).json());
    expect(messages.map((m) => m.author)).toEqual(['visitor', 'bot', 'visitor']);

    const back = await call(t.app, agent, 'POST', `/api/v1/conversations/${conversationId}/hand-back`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ humanMode: false });
    expect(await say(socket, 'when do you open?')).toMatchObject({ answeredBy: 'intent', body: 'We are open 9:00–18:00, Monday to Saturday.' });
    // Another organization cannot hand it back (or see it).
    expect((await call(t.app, other, 'POST', `/api/v1/conversations/${conversationId}/hand-back`)).statusCode).toBe(404);
  });

  it('a tapped quick reply shows its label and the bot answers its payload, on a first message and on later ones', async () => {
    const { socket } = await visitorOf();
    // The first message (it opens the conversation) ...
    const hours = await say(socket, 'Yes please', 0, { payload: 'what are your opening hours' });
    expect(hours).toMatchObject({ answeredBy: 'intent', body: 'We are open 9:00–18:00, Monday to Saturday.' });
    // ... and a later one (the batched path): the fallback's "Talk to a person" hands over.
    const unknown = await say(socket, 'xyzzy plugh');
    expect(unknown).toMatchObject({ answeredBy: 'fallback' });
    const talk = unknown?.rich?.quickReplies?.[0];
    expect(talk).toEqual({ label: 'Talk to a person', payload: 'parley:handoff' });
    const handoff = await say(socket, talk?.label ?? '', 0, { payload: talk?.payload });
    expect(handoff).toMatchObject({ answeredBy: 'handoff' });
    const conversationId = handoff?.conversationId ?? '';
    expect(await conversationOf(conversationId)).toMatchObject({ humanMode: true, handoffReason: 'request' });
    // Agents (and webhooks) see what the visitor saw: the labels. The rows keep the payloads for re-runs after a crash.
    const seen = Message.array().parse((await call(t.app, agent, 'GET', `/api/v1/conversations/${conversationId}/messages`)).json());
    const visitorSaid = seen.filter((m) => m.author === 'visitor');
    expect(visitorSaid.map((m) => m.body)).toEqual(['Yes please', 'xyzzy plugh', 'Talk to a person']);
    expect(JSON.stringify(visitorSaid)).not.toContain('parley:handoff');
    const rows = await t.database.db.query.messages.findMany({ where: (m, { and, eq }) => and(eq(m.conversationId, conversationId), eq(m.author, 'visitor')), orderBy: (m, { asc }) => asc(m.seq) });
    expect(rows.map((m) => m.payload)).toEqual(['what are your opening hours', null, 'parley:handoff']);
    // An empty or oversized payload is refused, and nothing is stored.
    for (const payload of ['', ' ', 'x'.repeat(501), 42]) {
      const ack = await socket.timeout(5_000).emitWithAck('message.send', { clientId: `c-${crypto.randomUUID()}`, body: 'Talk to a person', payload });
      expect(ack, JSON.stringify(payload).slice(0, 20)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect(await t.database.db.query.messages.findMany({ where: (m, { eq }) => eq(m.conversationId, conversationId) })).toHaveLength(6);
  });

  it('"cho tôi gặp nhân viên" hands off a Vietnamese bot, in Vietnamese', async () => {
    const viBot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop VN', allowedOrigins: [SHOP], locale: 'vi' })).json().id;
    await call(t.app, owner, 'POST', `/api/v1/bots/${viBot}/intents`, { name: 'chao', examples: ['xin chào'], responses: [{ text: 'Chào bạn!' }] });
    const { socket } = await visitorOf(viBot);
    const handoff = await say(socket, 'cho tôi gặp nhân viên');
    expect(handoff).toMatchObject({ answeredBy: 'handoff', body: expect.stringContaining('Đang kết nối bạn với nhân viên') });
    expect(await conversationOf(handoff?.conversationId ?? '')).toMatchObject({ humanMode: true, handoffReason: 'request' });
  });

  it('a bot with no knowledge keeps the away message; mode off is silent', async () => {
    const plain = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Plain', allowedOrigins: [SHOP] })).json().id;
    const { socket } = await visitorOf(plain);
    expect(await say(socket, 'hello?')).toMatchObject({ answeredBy: 'away', body: expect.stringContaining('get back to you') });
    await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { mode: 'off' });
    try {
      const { socket: quiet } = await visitorOf();
      expect(await say(quiet, 'when do you open?', 1_000)).toBeNull();
    } finally {
      await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { mode: 'pipeline' });
    }
  });
});
