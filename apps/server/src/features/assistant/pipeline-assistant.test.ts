import { compileRules, trainIntentClassifier, type ChatMessage, type IntentsPort, type KnowledgeHit, type LlmRequest } from '@parley/assistant';
import { describe, expect, it } from 'vitest';
import type { AssistantInput } from './assistant-port.js';
import type { AssistantSettingsRow } from './assistant-settings-store.js';
import type { LlmProvider } from './llm-provider.js';
import { createPipelineAssistant, type PipelineAssistantDeps } from './pipeline-assistant.js';

const settingsRow = (over: Partial<AssistantSettingsRow> = {}): AssistantSettingsRow => ({
  botId: 'bot-1',
  orgId: 'org-1',
  mode: 'pipeline',
  intentThreshold: null,
  knowledgeThreshold: 0.35,
  llmEnabled: false,
  llmBaseUrl: null,
  llmModel: null,
  llmApiKey: null,
  llmMonthlyTokenBudget: null,
  workflowUrl: null,
  workflowSecret: 'secret',
  messages: {},
  intentsVersion: 1,
  updatedAt: new Date(),
  ...over,
});

const input = (over: Partial<AssistantInput> = {}): AssistantInput => ({
  orgId: 'org-1',
  botId: 'bot-1',
  locale: 'en',
  conversationId: 'conv-1',
  visitorId: 'visitor-1',
  messageId: 'msg-1',
  seq: 5,
  humanMode: false,
  text: 'hello',
  previousMessageAt: null,
  lastAutoReplyAt: null,
  at: new Date('2026-11-22T10:00:00Z'),
  ...over,
});

const model = trainIntentClassifier([
  { text: 'what are your opening hours', intent: 'hours' },
  { text: 'when are you open', intent: 'hours' },
  { text: 'how much does shipping cost', intent: 'shipping' },
  { text: 'what is the delivery fee', intent: 'shipping' },
]);
const intents: IntentsPort = {
  model: () => model,
  rules: () => compileRules([{ kind: 'keyword', pattern: 'refund', intent: 'refund' }]).rules,
  responses: (_bot, intent, locale) =>
    intent === 'hours' ? [{ text: locale === 'vi' ? 'Mở cửa 9–18.' : 'Open 9–18.', quickReplies: [{ label: 'Stores' }] }] : intent === 'refund' ? [{ text: 'Refunds take 5 days.' }] : [],
};

function deps(over: Partial<PipelineAssistantDeps> & { settings?: AssistantSettingsRow; knowledge?: boolean } = {}) {
  const calls: { forwarded: string[]; history: number[]; orgsAsked: string[] } = { forwarded: [], history: [], orgsAsked: [] };
  const hit: KnowledgeHit = { id: 'faq-1', kind: 'faq', text: 'Do you ship abroad?', answer: 'Yes, worldwide.', score: 0.8 };
  const d: PipelineAssistantDeps = {
    profile: async () => ({ settings: over.settings ?? settingsRow(), botName: 'Shop', botLocale: 'en' }),
    hasKnowledge: async () => over.knowledge ?? true,
    intents: {
      port: (orgId) => {
        calls.orgsAsked.push(orgId);
        return intents;
      },
      handoffIntents: async () => [],
    },
    knowledgeFor: () => ({ search: async (_bot, query) => (/abroad/.test(query) ? [{ ...hit, quickReplies: [{ label: 'Costs' }] } satisfies KnowledgeHit & { quickReplies: unknown }] : []) }),
    workflow: { forward: async (i, workflowUrl) => void calls.forwarded.push(`${i.text} → ${workflowUrl}`) },
    history: async (_org, _conv, beforeSeq) => {
      calls.history.push(beforeSeq);
      return [
        { role: 'user', content: 'earlier question' },
        { role: 'assistant', content: 'earlier answer' },
      ];
    },
    clock: (() => {
      let t = 0;
      return () => (t += 1);
    })(),
    ...over,
  };
  return { d, calls };
}

describe('pipeline assistant', () => {
  it('answers from an intent with the rich parts, confidence, trace and latency', async () => {
    const { d, calls } = deps();
    const reply = await createPipelineAssistant(d).answer(input({ text: 'when are you open today?' }));
    expect(reply).toMatchObject({ body: 'Open 9–18.', answeredBy: 'intent', rich: { quickReplies: [{ label: 'Stores' }] }, trace: { intent: 'hours' } });
    expect(reply?.confidence).toBeGreaterThan(0.2);
    // The fake clock ticks 1 ms per reading: each stage takes whole milliseconds.
    expect(reply?.trace?.stages.map((s) => s.name)).toEqual(['handoff', 'rules', 'intent']);
    expect(reply?.latencyMs).toBe(reply?.trace?.totalMs);
    expect(reply?.handoff).toBeUndefined();
    expect(calls.orgsAsked).toEqual(['org-1']);
  });

  it('maps a handoff to the contract reason and stays silent in human mode', async () => {
    const assistant = createPipelineAssistant(deps().d);
    expect(await assistant.answer(input({ text: 'can I speak to a real person' }))).toMatchObject({ answeredBy: 'handoff', handoff: 'request' });
    expect(await assistant.answer(input({ text: 'refund', humanMode: true }))).toBeNull();
  });

  it('an FAQ answer carries its quick replies and source', async () => {
    const reply = await createPipelineAssistant(deps().d).answer(input({ text: 'do you ship abroad' }));
    expect(reply).toMatchObject({ answeredBy: 'knowledge', body: 'Yes, worldwide.', confidence: 0.8, rich: { quickReplies: [{ label: 'Costs' }], sources: [{ title: 'Do you ship abroad?' }] } });
  });

  it('mode off is silent; workflow mode forwards and stays silent (away message without a URL)', async () => {
    expect(await createPipelineAssistant(deps({ settings: settingsRow({ mode: 'off' }) }).d).answer(input())).toBeNull();
    const { d, calls } = deps({ settings: settingsRow({ mode: 'workflow', workflowUrl: 'https://flows.test/hook' }) });
    expect(await createPipelineAssistant(d).answer(input({ text: 'refund' }))).toBeNull();
    expect(calls.forwarded).toEqual(['refund → https://flows.test/hook']);
    const noUrl = await createPipelineAssistant(deps({ settings: settingsRow({ mode: 'workflow' }) }).d).answer(input());
    expect(noUrl).toMatchObject({ answeredBy: 'away' });
  });

  it('a bot with nothing to answer from keeps the away message', async () => {
    const reply = await createPipelineAssistant(deps({ knowledge: false }).d).answer(input({ text: 'refund' }));
    expect(reply).toMatchObject({ answeredBy: 'away', oncePerSession: true });
  });

  it('streams the LLM answer with the conversation history, only when the bot enables it', async () => {
    const requests: LlmRequest[] = [];
    const provider: LlmProvider = {
      globalConfigured: true,
      tokensThisMonth: async () => 0,
      forBot: (s) => ({
        complete: async (request, onToken) => {
          requests.push(request);
          for (const token of ['Our ', 'return ', `window is 30 days (${s.botId}).`]) onToken(token);
          return { text: `Our return window is 30 days (${s.botId}).`, tokens: 42 };
        },
      }),
    };
    const { d, calls } = deps({ llm: provider, knowledge: false, settings: settingsRow({ llmEnabled: true }) });
    const tokens: string[] = [];
    const reply = await createPipelineAssistant(d).answer(input({ text: 'what about gift wrapping?' }), { onToken: (t) => tokens.push(t) });
    expect(reply).toMatchObject({ answeredBy: 'llm', body: 'Our return window is 30 days (bot-1).', trace: { tokens: 42 } });
    expect(tokens.join('')).toBe('Our return window is 30 days (bot-1).');
    expect(calls.history).toEqual([5]);
    const history: readonly ChatMessage[] = requests[0]?.messages ?? [];
    expect(history.map((m) => m.content)).toEqual(expect.arrayContaining(['earlier question', 'earlier answer']));

    // Disabled: the LLM is not asked and the bot falls back.
    const off = deps({ llm: provider, settings: settingsRow({ llmEnabled: false }) });
    expect(await createPipelineAssistant(off.d).answer(input({ text: 'what about gift wrapping?' }))).toMatchObject({ answeredBy: 'fallback' });
    expect(requests).toHaveLength(1);
    expect(off.calls.history).toEqual([]);
  });

  it('the test console uses the LLM only when asked, and reports every stage', async () => {
    let asked = 0;
    const provider: LlmProvider = {
      globalConfigured: true,
      tokensThisMonth: async () => 0,
      forBot: () => ({
        complete: async () => {
          asked++;
          return { text: 'From the LLM.', tokens: 7 };
        },
      }),
    };
    const assistant = createPipelineAssistant(deps({ llm: provider, settings: settingsRow({ llmEnabled: true }) }).d);
    const without = await assistant.test('org-1', 'bot-1', { text: 'what about gift wrapping?', useLlm: false });
    expect(without).toMatchObject({ kind: 'answer', answeredBy: 'fallback', intent: null });
    expect(without.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['handoff', 'no_match'],
      ['rules', 'no_match'],
      ['intent', 'below_threshold'],
      ['knowledge', 'no_match'],
      ['llm', 'skipped'],
      ['fallback', 'answered'],
    ]);
    const withLlm = await assistant.test('org-1', 'bot-1', { text: 'what about gift wrapping?', useLlm: true, locale: 'vi' });
    expect(withLlm).toMatchObject({ answeredBy: 'llm', text: 'From the LLM.' });
    expect(asked).toBe(1);
  });
});
