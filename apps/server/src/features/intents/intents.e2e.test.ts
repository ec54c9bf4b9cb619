import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssistantSettings, Intent, IntentModelStatus, MAX_INTENT_EXAMPLES } from '@parley/contracts';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

describe('assistant settings and intents', () => {
  let t: TestApp;
  let owner: Actor;
  let viewer: Actor;
  let other: Actor;
  let botId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'intents');
    viewer = await createMember(t, owner, 'viewer');
    other = await createOwner(t, 'intents-other');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop' })).json().id;
  });
  afterAll(() => t.close());

  const api = (path: string) => `/api/v1/bots/${botId}${path}`;

  async function modelStatus(bot = botId): Promise<IntentModelStatus> {
    const res = await call(t.app, owner, 'GET', `/api/v1/bots/${bot}/intents-model`);
    expect(res.statusCode, res.body).toBe(200);
    return IntentModelStatus.parse(res.json());
  }

  /** Training runs in the background: poll until the model has caught up. */
  async function untilTrained(bot = botId, timeoutMs = 20_000): Promise<IntentModelStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await modelStatus(bot);
      if (status.upToDate) return status;
      if (Date.now() > deadline) throw new Error(`model never caught up: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('creates settings with defaults on first read; the LLM key is write-only', async () => {
    const first = await call(t.app, viewer, 'GET', api('/assistant'));
    expect(first.statusCode, first.body).toBe(200);
    expect(AssistantSettings.parse(first.json())).toMatchObject({
      botId,
      mode: 'pipeline',
      intentThreshold: null,
      knowledgeThreshold: 0.35,
      llmEnabled: false,
      llmApiKeySet: false,
      globalLlmConfigured: false,
      llmTokensThisMonth: 0,
      workflowUrl: null,
      messages: {},
    });

    const patched = await call(t.app, owner, 'PATCH', api('/assistant'), {
      llmEnabled: true,
      llmBaseUrl: 'https://93.184.215.14/v1',
      llmModel: 'qwen2.5',
      llmApiKey: 'sk-very-secret-key',
      llmMonthlyTokenBudget: 50_000,
      intentThreshold: 0.3,
      messages: { vi: { fallback: 'Xin lỗi, em chưa biết.' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ llmEnabled: true, llmApiKeySet: true, llmModel: 'qwen2.5', llmMonthlyTokenBudget: 50_000, intentThreshold: 0.3 });
    expect(patched.body).not.toContain('sk-very-secret-key');
    const read = await call(t.app, viewer, 'GET', api('/assistant'));
    expect(read.body).not.toContain('sk-very-secret-key');
    expect(read.json()).toMatchObject({ llmApiKeySet: true, messages: { vi: { fallback: 'Xin lỗi, em chưa biết.' } } });
    expect(Date.parse(read.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.json().updatedAt));

    const cleared = await call(t.app, owner, 'PATCH', api('/assistant'), { llmApiKey: null, llmEnabled: false });
    expect(cleared.json()).toMatchObject({ llmApiKeySet: false, llmEnabled: false, llmBaseUrl: 'https://93.184.215.14/v1' });
  });

  it('refuses bad settings, non-admins and bots of other organizations', async () => {
    for (const body of [{}, { mode: 'magic' }, { knowledgeThreshold: 2 }, { llmBaseUrl: 'javascript:alert(1)' }, { workflowUrl: 'ftp://x.test' }, { messages: { fr: {} } },
      // The server would call these: loopback, private and metadata addresses are refused (SSRF).
      { workflowUrl: 'http://127.0.0.1:5678/webhook/x' }, { llmBaseUrl: 'http://169.254.169.254/v1' }, { workflowUrl: 'http://localhost/hook' }, { llmBaseUrl: 'http://10.0.0.5:11434/v1' }]) {
      const res = await call(t.app, owner, 'PATCH', api('/assistant'), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await call(t.app, viewer, 'PATCH', api('/assistant'), { mode: 'off' })).statusCode).toBe(403);
    expect((await call(t.app, viewer, 'GET', api('/assistant/workflow-secret'))).statusCode).toBe(403);
    for (const [method, path] of [
      ['GET', '/assistant'],
      ['GET', '/assistant/workflow-secret'],
      ['POST', '/assistant/workflow-secret/rotate'],
      ['GET', '/intents'],
      ['GET', '/intents-model'],
    ] as const) {
      expect((await call(t.app, other, method, api(path))).statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await call(t.app, other, 'PATCH', api('/assistant'), { mode: 'off' })).statusCode).toBe(404);
    expect((await call(t.app, other, 'POST', api('/intents'), { name: 'x' })).statusCode).toBe(404);
    expect((await call(t.app, owner, 'GET', `/api/v1/bots/${crypto.randomUUID()}/assistant`)).statusCode).toBe(404);
  });

  it('shows the workflow secret to admins and rotates it', async () => {
    const secret = await call(t.app, owner, 'GET', api('/assistant/workflow-secret'));
    expect(secret.statusCode).toBe(200);
    expect(secret.json().workflowSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rotated = await call(t.app, owner, 'POST', api('/assistant/workflow-secret/rotate'));
    expect(rotated.json().workflowSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.json().workflowSecret).not.toBe(secret.json().workflowSecret);
    expect((await call(t.app, owner, 'GET', api('/assistant/workflow-secret'))).json()).toEqual(rotated.json());
    // The secret never shows in the settings.
    expect((await call(t.app, owner, 'GET', api('/assistant'))).body).not.toContain(rotated.json().workflowSecret);
  });

  it('creates, reads, updates and deletes intents; every write bumps the intents version', async () => {
    const before = await modelStatus();
    const created = await call(t.app, owner, 'POST', api('/intents'), {
      name: 'shipping',
      examples: ['how long does shipping take', 'when will my order arrive', 'bao lâu thì giao hàng'],
      rules: [{ kind: 'keyword', pattern: 'ship' }],
      responses: [
        { text: 'We ship in 2–3 days.', quickReplies: [{ label: 'Track my order' }] },
        { text: 'Giao hàng trong 2–3 ngày.', locale: 'vi' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const intent = Intent.parse(created.json());
    expect(intent).toMatchObject({ botId, name: 'shipping', handoff: false, rules: [{ kind: 'keyword', pattern: 'ship' }] });
    expect(intent.responses[1]).toEqual({ text: 'Giao hàng trong 2–3 ngày.', locale: 'vi' });
    expect((await modelStatus()).intentsVersion).toBe(before.intentsVersion + 1);

    expect((await call(t.app, viewer, 'GET', api(`/intents/${intent.id}`))).json()).toEqual(intent);
    expect((await call(t.app, viewer, 'GET', api('/intents'))).json()).toEqual([intent]);
    const dup = await call(t.app, owner, 'POST', api('/intents'), { name: 'shipping' });
    expect(dup.statusCode).toBe(409);
    expect((await modelStatus()).intentsVersion).toBe(before.intentsVersion + 1);

    const patched = await call(t.app, owner, 'PATCH', api(`/intents/${intent.id}`), { examples: [...intent.examples, 'do you ship to Hanoi'], handoff: true });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ handoff: true, examples: expect.arrayContaining(['do you ship to Hanoi']) });
    expect((await modelStatus()).intentsVersion).toBe(before.intentsVersion + 2);

    const spare = Intent.parse((await call(t.app, owner, 'POST', api('/intents'), { name: 'spare' })).json());
    const rename = await call(t.app, owner, 'PATCH', api(`/intents/${spare.id}`), { name: 'shipping' });
    expect(rename.statusCode).toBe(409);
    expect((await call(t.app, viewer, 'DELETE', api(`/intents/${spare.id}`))).statusCode).toBe(403);
    expect((await call(t.app, other, 'DELETE', api(`/intents/${spare.id}`))).statusCode).toBe(404);
    expect((await call(t.app, owner, 'DELETE', api(`/intents/${spare.id}`))).statusCode).toBe(204);
    expect((await call(t.app, owner, 'DELETE', api(`/intents/${spare.id}`))).statusCode).toBe(404);
    expect((await call(t.app, owner, 'GET', api(`/intents/${spare.id}`))).statusCode).toBe(404);
    expect((await call(t.app, other, 'GET', api(`/intents/${intent.id}`))).statusCode).toBe(404);
    expect((await modelStatus()).intentsVersion).toBe(before.intentsVersion + 4);
  });

  it('refuses an invalid or unsafe regex rule, naming it, and changes nothing', async () => {
    const version = (await modelStatus()).intentsVersion;
    const cases: [unknown, string][] = [
      [[{ kind: 'keyword', pattern: 'price' }, { kind: 'regex', pattern: '(a+)+$' }], 'Rule 2 ("(a+)+$")'],
      [[{ kind: 'regex', pattern: 'gi[a' }], 'Rule 1 ("gi[a")'],
      [[{ kind: 'regex', pattern: '(ship)\\1' }], 'Backreferences'],
    ];
    for (const [rules, detail] of cases) {
      const res = await call(t.app, owner, 'POST', api('/intents'), { name: 'price', examples: ['how much'], rules });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().detail).toContain(detail);
      expect(res.json().errors[0].path).toMatch(/^body\.rules\.\d\.pattern$/);
    }
    const [shipping] = Intent.array().parse((await call(t.app, owner, 'GET', api('/intents'))).json());
    const patch = await call(t.app, owner, 'PATCH', api(`/intents/${shipping?.id ?? ''}`), { rules: [{ kind: 'regex', pattern: '(.*)*' }] });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().detail).toContain('Rule 1');
    // Bad input also fails the schema: unknown rule kinds, the reserved name, too many examples.
    for (const body of [
      { name: 'x', rules: [{ kind: 'glob', pattern: '*' }] },
      { name: 'None' },
      { name: 'has space' },
      { name: 'many', examples: Array.from({ length: MAX_INTENT_EXAMPLES + 1 }, (_, i) => `e${i}`) },
      { name: 'bad-link', responses: [{ text: 'x', links: [{ label: 'x', url: 'javascript:alert(1)' }] }] },
    ]) {
      expect((await call(t.app, owner, 'POST', api('/intents'), body)).statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect((await call(t.app, owner, 'GET', api('/intents'))).json()).toHaveLength(1);
    expect((await modelStatus()).intentsVersion).toBe(version);
  });

  it('caps the examples of a bot at 5,000 together, on create and on update', async () => {
    const big = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Big' })).json().id;
    const examples = (k: number, n: number) => Array.from({ length: n }, (_, i) => `example ${k} number ${i}`);
    const ids: string[] = [];
    for (let k = 0; k < 10; k++) {
      const res = await call(t.app, owner, 'POST', `/api/v1/bots/${big}/intents`, { name: `intent_${k}`, examples: examples(k, 500) });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const over = await call(t.app, owner, 'POST', `/api/v1/bots/${big}/intents`, { name: 'one_more', examples: ['one too many'] });
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringContaining('5000') });
    // Replacing an intent's examples counts only the others.
    expect((await call(t.app, owner, 'PATCH', `/api/v1/bots/${big}/intents/${ids[0] ?? ''}`, { examples: examples(0, 500) })).statusCode).toBe(200);
    expect((await call(t.app, owner, 'PATCH', `/api/v1/bots/${big}/intents/${ids[0] ?? ''}`, { examples: examples(0, 501) })).statusCode).toBe(400);
    // A rule-only intent still fits.
    expect((await call(t.app, owner, 'POST', `/api/v1/bots/${big}/intents`, { name: 'rule_only', rules: [{ kind: 'keyword', pattern: 'invoice' }] })).statusCode).toBe(201);
  });

  it('retrains in the background after a write (the request returns at once), 1,000 examples included', async () => {
    const bot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Big' })).json().id;
    expect(await modelStatus(bot)).toMatchObject({ intentsVersion: 0, trainedVersion: null, upToDate: true });
    const topics = ['shipping', 'returns', 'payment', 'sizes', 'warranty', 'stores', 'discounts', 'tracking', 'account', 'gifts'];
    const words = ['order', 'parcel', 'card', 'size', 'shop', 'code', 'gift', 'help', 'giao', 'hàng', 'đổi', 'trả', 'thẻ', 'mã', 'quà', 'cửa'];
    // 20 intents × 50 examples = 1,000 examples, varied words so the vocabulary is realistic.
    for (let i = 0; i < 20; i++) {
      const topic = `${topics[i % topics.length] ?? 'topic'}-${i}`;
      const examples = Array.from({ length: 50 }, (_, k) => `${topic} ${words[(i + k) % words.length] ?? ''} ${words[(i * 3 + k * 7) % words.length] ?? ''} question ${k}`);
      const res = await call(t.app, owner, 'POST', `/api/v1/bots/${bot}/intents`, { name: topic, examples, responses: [{ text: `About ${topic}` }] });
      expect(res.statusCode, res.body).toBe(201);
    }
    const pending = await modelStatus(bot);
    expect(pending.intentsVersion).toBe(20);
    const trained = await untilTrained(bot);
    expect(trained).toMatchObject({ intentsVersion: 20, trainedVersion: 20, exampleCount: 1_000, upToDate: true });
    expect(trained.trainedAt).not.toBeNull();
    expect(trained.trainMs).toBeGreaterThan(0);
    // How fast is a benchmark's question (bench:assistant prints it), not a test's: CI machines are noisy.
    console.log(`intent training: 1,000 examples in ${trained.trainMs?.toFixed(1) ?? '?'} ms`);

    // A change makes the model stale until it is retrained.
    const [first] = Intent.array().parse((await call(t.app, owner, 'GET', `/api/v1/bots/${bot}/intents`)).json());
    await call(t.app, owner, 'DELETE', `/api/v1/bots/${bot}/intents/${first?.id ?? ''}`);
    const stale = await modelStatus(bot);
    expect(stale.intentsVersion).toBe(21);
    expect((await untilTrained(bot)).exampleCount).toBe(950);
  });
});
