import { describe, expect, it } from 'vitest';
import { compileRules, type IntentRule } from './compile-rules.js';
import { handoffPayload } from './detect-handoff.js';
import type { IntentModel } from './intent-model.js';
import type { IntentResponse, KnowledgeHit, LlmPort, PipelineInput, PipelineOptions, PipelinePorts } from './pipeline-types.js';
import { runPipeline } from './run-pipeline.js';
import { trainIntentClassifier } from './train-intent-classifier.js';

const model = trainIntentClassifier([
  { text: 'how long does shipping take', intent: 'shipping' },
  { text: 'giao hàng mất bao lâu', intent: 'shipping' },
  { text: 'what are your opening hours', intent: 'opening_hours' },
  { text: 'mấy giờ mở cửa', intent: 'opening_hours' },
  { text: 'pass this chat to your team', intent: 'human' },
]);
const responses: Record<string, IntentResponse[]> = {
  shipping: [{ text: 'Delivery takes 2–4 days.', quickReplies: [{ label: 'Track my order' }], links: [{ label: 'Shipping', url: 'https://shop.test/shipping' }] }],
  opening_hours: [{ text: 'We are open 9–21.' }],
  refund_rule: [{ text: 'Refunds take 5–7 days.' }],
};
const faqHit: KnowledgeHit = { id: 'faq-returns', kind: 'faq', text: 'What is your return policy?', answer: '30 days.', score: 0.9, source: { title: 'Returns FAQ' } };
const weakChunk: KnowledgeHit = { id: 'chunk-7', kind: 'chunk', title: 'Gift wrapping', text: 'We wrap gifts for 20,000 VND.', score: 0.2, source: { title: 'Services', url: 'https://shop.test/services' } };

interface FakeOptions {
  readonly rules?: readonly IntentRule[];
  readonly hits?: readonly KnowledgeHit[];
  readonly llm?: LlmPort;
  readonly model?: IntentModel | null;
}

/** Fake ports; the clock advances 1 ms per reading so stage timings are checkable. */
function fakePorts(options: FakeOptions = {}): PipelinePorts & { calls: string[] } {
  const calls: string[] = [];
  let time = 1000;
  const { rules } = compileRules(options.rules ?? []);
  return {
    calls,
    clock: { now: () => time++ },
    intents: {
      model: async () => (calls.push('model'), options.model === undefined ? model : options.model),
      rules: () => (calls.push('rules'), rules),
      responses: (_botId, intent) => responses[intent] ?? [],
    },
    knowledge: { search: async (_botId, query) => (calls.push(`search:${query}`), options.hits ?? []) },
    ...(options.llm ? { llm: options.llm } : {}),
  };
}

const input = (text: string, extra: Partial<PipelineInput> = {}): PipelineInput => ({ botId: 'bot-1', text, locale: 'en', humanMode: false, ...extra });
const options: PipelineOptions = { knowledgeThreshold: 0.5, llmEnabled: true };

describe('runPipeline', () => {
  it('stays silent in human mode and runs nothing else', async () => {
    const ports = fakePorts();
    const result = await runPipeline(input('how long does shipping take', { humanMode: true }), ports, options);
    expect(result.kind).toBe('silent');
    expect(result.stages.map((s) => [s.name, s.outcome])).toEqual([['handoff', 'silent']]);
    expect(ports.calls).toEqual([]);
  });

  it('hands over on an explicit request, with a localized message', async () => {
    const result = await runPipeline(input('cho tôi gặp nhân viên', { locale: 'vi' }), fakePorts(), options);
    expect(result).toMatchObject({ kind: 'handoff', answeredBy: 'handoff', reason: 'explicit_request', confidence: 1 });
    if (result.kind !== 'handoff') return;
    expect(result.text).toMatch(/^Đang kết nối bạn với nhân viên/);
    const english = await runPipeline(input(handoffPayload), fakePorts(), options);
    expect(english.kind === 'handoff' && english.text).toMatch(/^Connecting you with a person…/);
  });

  it('lets rules beat the classifier', async () => {
    const ports = fakePorts({ rules: [{ kind: 'keyword', pattern: 'shipping', intent: 'refund_rule' }] });
    const result = await runPipeline(input('how long does shipping take'), ports, options);
    expect(result).toMatchObject({ kind: 'answer', answeredBy: 'rule', intent: 'refund_rule', confidence: 1, text: 'Refunds take 5–7 days.' });
    expect(ports.calls).toEqual(['rules']);
    expect(result.stages.map((s) => s.name)).toEqual(['handoff', 'rules']);
  });

  it('hands over when a rule says so', async () => {
    const ports = fakePorts({ rules: [{ kind: 'exact', pattern: 'complaint', intent: 'complaint', handoff: true }] });
    expect(await runPipeline(input('Complaint!'), ports, options)).toMatchObject({ kind: 'handoff', reason: 'rule', intent: 'complaint' });
  });

  it('answers from the classifier above the threshold, with rich parts', async () => {
    const result = await runPipeline(input('How long does shipping take?'), fakePorts(), options);
    expect(result).toMatchObject({
      kind: 'answer',
      answeredBy: 'intent',
      intent: 'shipping',
      text: 'Delivery takes 2–4 days.',
      quickReplies: [{ label: 'Track my order' }],
      links: [{ label: 'Shipping', url: 'https://shop.test/shipping' }],
    });
    if (result.kind !== 'answer') return;
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('answers a strong intent without searching knowledge', async () => {
    const ports = fakePorts({ hits: [faqHit] });
    const result = await runPipeline(input('How long does shipping take?'), ports, options);
    expect(result).toMatchObject({ answeredBy: 'intent', intent: 'shipping' });
    expect(ports.calls.some((c) => c.startsWith('search:'))).toBe(false);
  });

  it('lets a weak intent yield to a knowledge answer', async () => {
    // Every classification counts as weak here: an FAQ question that merely resembles an intent gets its FAQ.
    const weak = { ...options, strongIntentConfidence: 1.01 };
    const result = await runPipeline(input('How long does shipping take?'), fakePorts({ hits: [faqHit] }), weak);
    expect(result).toMatchObject({ kind: 'answer', answeredBy: 'knowledge', text: '30 days.', confidence: 0.9 });
    expect(result.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'deferred'],
      ['knowledge', 'answered'],
    ]);
    expect(result.stages[2]?.detail).toMatch(/^shipping 0\.\d\d: weak, knowledge first$/);
  });

  it('answers with a weak intent when knowledge has no answer, before the LLM', async () => {
    let llmCalls = 0;
    const llm: LlmPort = { complete: async () => (llmCalls++, { text: 'LLM', tokens: 1 }) };
    const weak = { ...options, strongIntentConfidence: 1.01 };
    const result = await runPipeline(input('How long does shipping take?'), fakePorts({ hits: [weakChunk], llm }), weak);
    expect(result).toMatchObject({ kind: 'answer', answeredBy: 'intent', intent: 'shipping', text: 'Delivery takes 2–4 days.' });
    expect(result.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'deferred'],
      ['knowledge', 'below_threshold'],
      ['intent', 'answered'],
    ]);
    expect(result.stages[4]?.detail).toMatch(/: knowledge had no sure answer$/);
    expect(llmCalls).toBe(0);
  });

  it('keeps a weak intent over a marginal knowledge hit', async () => {
    // Above the knowledge threshold (0.35 here) but not sure (below 0.5): as likely to be wrong as the intent.
    const marginal: KnowledgeHit = { ...faqHit, score: 0.4 };
    const weak = { ...options, knowledgeThreshold: 0.35, strongIntentConfidence: 1.01 };
    const result = await runPipeline(input('How long does shipping take?'), fakePorts({ hits: [marginal] }), weak);
    expect(result).toMatchObject({ answeredBy: 'intent', intent: 'shipping' });
    expect(result.stages.find((s) => s.name === 'knowledge')).toMatchObject({ outcome: 'below_threshold', detail: '“What is your return policy?” 0.40: not sure enough to overrule the intent' });
  });

  it('lets a weak handoff intent yield to knowledge too, and hands over without it', async () => {
    const weak = { ...options, strongIntentConfidence: 1.01 };
    expect(await runPipeline(input('pass this chat to your team'), fakePorts({ hits: [faqHit] }), weak)).toMatchObject({ answeredBy: 'knowledge' });
    const handedOver = await runPipeline(input('pass this chat to your team'), fakePorts(), weak);
    expect(handedOver).toMatchObject({ kind: 'handoff', reason: 'intent', intent: 'human' });
    expect(handedOver.stages.at(-1)).toMatchObject({ name: 'intent', outcome: 'handoff' });
  });

  it('hands over when the classifier finds a handoff intent', async () => {
    expect(await runPipeline(input('pass this chat to your team'), fakePorts(), options)).toMatchObject({ kind: 'handoff', reason: 'intent', intent: 'human' });
  });

  it('falls to knowledge when the classifier is below the threshold', async () => {
    const ports = fakePorts({ hits: [faqHit] });
    const result = await runPipeline(input('how long does shipping take'), ports, { ...options, intentThreshold: 1.01 });
    expect(result).toMatchObject({ kind: 'answer', answeredBy: 'knowledge', text: '30 days.', confidence: 0.9, sources: [{ title: 'Returns FAQ' }] });
    expect(result.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'below_threshold'],
      ['knowledge', 'answered'],
    ]);
    // The trace names the FAQ by its question, not its id.
    expect(result.stages[3]?.detail).toBe('“What is your return policy?” 0.90');
  });

  it('falls to knowledge when an intent has no response', async () => {
    const noResponses = trainIntentClassifier([{ text: 'what is your return policy', intent: 'returns' }]);
    const result = await runPipeline(input('what is your return policy'), fakePorts({ hits: [faqHit], model: noResponses }), options);
    expect(result).toMatchObject({ answeredBy: 'knowledge' });
    expect(result.stages.find((s) => s.name === 'intent')).toMatchObject({ outcome: 'no_match' });
  });

  it('falls to the LLM, grounded on the retrieved passages, when knowledge is below the threshold', async () => {
    const tokens: string[] = [];
    const requests: unknown[] = [];
    const llm: LlmPort = {
      complete: async (request, onToken) => {
        requests.push(request);
        onToken('We wrap ');
        onToken('gifts [1].');
        return { text: 'We wrap gifts [1].', tokens: 42 };
      },
    };
    const result = await runPipeline(input('can you wrap a present?'), fakePorts({ hits: [weakChunk], model: null, llm }), {
      ...options,
      onToken: (t) => tokens.push(t),
    });
    expect(result).toMatchObject({
      kind: 'answer',
      answeredBy: 'llm',
      text: 'We wrap gifts [1].',
      tokens: 42,
      confidence: 0.2,
      sources: [{ title: 'Services', url: 'https://shop.test/services' }],
    });
    expect(tokens).toEqual(['We wrap ', 'gifts [1].']);
    expect(requests).toHaveLength(1);
    expect(JSON.stringify(requests[0])).toContain('We wrap gifts for 20,000 VND.');
    expect(result.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'skipped'],
      ['knowledge', 'below_threshold'],
      ['llm', 'answered'],
    ]);
  });

  it('falls back to "I don\'t know" offering a person when the LLM throws', async () => {
    const llm: LlmPort = { complete: () => Promise.reject(new Error('LLM timed out')) };
    const result = await runPipeline(input('can you wrap a present?', { locale: 'vi' }), fakePorts({ hits: [weakChunk], llm }), options);
    expect(result).toMatchObject({
      kind: 'answer',
      answeredBy: 'fallback',
      confidence: 0,
      quickReplies: [{ label: 'Gặp nhân viên', payload: handoffPayload }],
    });
    expect(result.stages.find((s) => s.name === 'llm')).toMatchObject({ outcome: 'error', detail: 'LLM timed out' });
    expect(result.stages.at(-1)).toMatchObject({ name: 'fallback', outcome: 'answered' });
  });

  it('falls back when no LLM is configured or it is disabled', async () => {
    const none = await runPipeline(input('quantum physics'), fakePorts(), options);
    expect(none).toMatchObject({ answeredBy: 'fallback', quickReplies: [{ label: 'Talk to a person' }] });
    expect(none.stages.find((s) => s.name === 'llm')).toMatchObject({ outcome: 'skipped', detail: 'not configured' });
    const llm: LlmPort = { complete: () => Promise.reject(new Error('must not be called')) };
    const disabled = await runPipeline(input('quantum physics'), fakePorts({ llm }), { ...options, llmEnabled: false });
    expect(disabled.stages.find((s) => s.name === 'llm')).toMatchObject({ outcome: 'skipped', detail: 'disabled' });
  });

  it('records a failing port as an error stage and goes on', async () => {
    const ports = fakePorts({ hits: [faqHit] });
    const broken: PipelinePorts = { ...ports, intents: { ...ports.intents, model: () => Promise.reject(new Error('db down')) } };
    const result = await runPipeline(input('what is your return policy'), broken, options);
    expect(result).toMatchObject({ answeredBy: 'knowledge' });
    expect(result.stages.find((s) => s.name === 'intent')).toMatchObject({ outcome: 'error', detail: 'db down' });
  });

  it('times every stage with the clock port', async () => {
    const result = await runPipeline(input('quantum physics'), fakePorts(), options);
    expect(result.stages.map((s) => s.name)).toEqual(['handoff', 'rules', 'intent', 'knowledge', 'llm', 'fallback']);
    for (const stage of result.stages) expect(stage.ms).toBeGreaterThanOrEqual(1);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.stages.reduce((sum, s) => sum + s.ms, 0));
  });
});
