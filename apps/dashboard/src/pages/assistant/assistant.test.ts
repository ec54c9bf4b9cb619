import { describe, expect, it } from 'vitest';
import { AssistantSettings, MAX_DOCUMENT_BYTES } from '@parley/contracts';
import type { Intent, StageRecord } from '@parley/contracts';
import { checkDocumentFile, formatBytes, looksBinary } from './documentFile';
import { formToFaqBody } from './faqForm';
import { errorKey, lineOf, serverFieldErrors } from './formErrors';
import { formToIntentBody, intentToForm, validateRules, type IntentFormValues } from './intentForm';
import { parseLines } from './parseLines';
import { formToSettingsPatch, settingsToForm } from './settingsForm';
import { formatMs, stageRows, summarizeResult } from './stageTable';

const intentForm = (change: Partial<IntentFormValues> = {}): IntentFormValues => ({
  ...intentToForm(null),
  name: 'opening_hours',
  examplesText: 'when are you open\nopening hours',
  responses: [{ text: 'We are open 9–17.', locale: '', quickReplies: [], links: [] }],
  ...change,
});

describe('parseLines', () => {
  it('keeps one trimmed entry per non-blank line, first spelling of repeats', () => {
    expect(parseLines('  When are you open? \r\n\n\nOPENING hours\nwhen are you open?\r  opening hours ')).toEqual([
      'When are you open?',
      'OPENING hours',
    ]);
  });
  it('gives nothing for blank text', () => {
    expect(parseLines(' \n \t\n')).toEqual([]);
  });
});

describe('form error keys', () => {
  it('maps zod and problem+json paths to rows and fields', () => {
    expect(errorKey(['name'])).toBe('name');
    expect(errorKey(['examples', 3])).toBe('examples');
    expect(errorKey(['rules', 2, 'pattern'])).toBe('rules.2');
    expect(errorKey('body.responses.1.quickReplies.0.label')).toBe('responses.1.quickReplies.0.label');
    expect(errorKey(['quickReplies', 2])).toBe('quickReplies.2');
    expect(errorKey('body.responses.0.text')).toBe('responses.0.text');
    expect(errorKey('/body/responses/2/links/1/url')).toBe('responses.2.links.1.url');
    expect(lineOf('body.examples.3')).toBe(4);
    expect(lineOf(['name'])).toBeNull();
  });
  it('keys a server validation response like the form', () => {
    expect(serverFieldErrors([
      { path: 'body.rules.0.pattern', message: 'Nested quantifiers (like "(a+)+") are not allowed.' },
      { path: 'body.examples.1', message: 'must not be empty' },
    ])).toEqual({ 'rules.0': 'Nested quantifiers (like "(a+)+") are not allowed.', examples: 'line 2: must not be empty' });
  });
});

describe('intent form', () => {
  it('builds the request body from the form', () => {
    const result = formToIntentBody(
      intentForm({
        rules: [{ kind: 'keyword', pattern: ' hours ' }],
        responses: [
          {
            text: 'We are open 9–17.',
            locale: 'en',
            quickReplies: [{ label: 'Talk to a person', payload: '' }, { label: 'Prices', payload: 'show prices' }],
            links: [{ label: 'Map', url: 'https://shop.example/map' }],
          },
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'opening_hours',
        examples: ['when are you open', 'opening hours'],
        rules: [{ kind: 'keyword', pattern: 'hours' }],
        responses: [
          {
            text: 'We are open 9–17.',
            locale: 'en',
            quickReplies: [{ label: 'Talk to a person' }, { label: 'Prices', payload: 'show prices' }],
            links: [{ label: 'Map', url: 'https://shop.example/map' }],
          },
        ],
        handoff: false,
      },
    });
  });
  it('round-trips a stored intent', () => {
    const intent: Intent = {
      id: '00000000-0000-4000-8000-000000000001',
      botId: '00000000-0000-4000-8000-000000000002',
      name: 'refund',
      examples: ['i want my money back'],
      rules: [{ kind: 'regex', pattern: '^refund' }],
      responses: [{ text: 'Refunds take 5 days.', quickReplies: [{ label: 'Status', payload: 'refund status' }] }],
      handoff: true,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const result = formToIntentBody(intentToForm(intent));
    expect(result.ok && result.body).toEqual({
      name: intent.name,
      examples: intent.examples,
      rules: intent.rules,
      responses: intent.responses,
      handoff: true,
    });
  });
  it('reports rules that cannot work, on their row', () => {
    expect(validateRules([{ kind: 'regex', pattern: '(unclosed' }, { kind: 'exact', pattern: '  ' }, { kind: 'keyword', pattern: 'ok' }])).toEqual({
      'rules.0': expect.stringMatching(/^Not a valid regular expression/),
      'rules.1': 'Enter a pattern or remove this rule.',
    });
    // The pipeline compiles with the `u` flag: a lone brace is an error there.
    expect(Object.keys(validateRules([{ kind: 'regex', pattern: 'a{' }]))).toEqual(['rules.0']);
    expect(validateRules([{ kind: 'regex', pattern: '^(hi|hello)\\b' }])).toEqual({});
  });
  it('reports schema errors next to the field, row or line', () => {
    const result = formToIntentBody(
      intentForm({
        name: 'None',
        rules: [{ kind: 'exact', pattern: '' }],
        responses: [{ text: 'Hi', locale: '', quickReplies: [{ label: '', payload: 'x' }], links: [{ label: 'Bad', url: 'javascript:alert(1)' }] }],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['name', 'responses.0.links.0.url', 'responses.0.quickReplies.0.label', 'rules.0']);
    expect(result.errors.name).toMatch(/reserved/);
    // A bad URL is flagged under the URL field, not the link's label.
    expect(result.errors['responses.0.links.0.url']).toMatch(/http/);
    expect(result.errors['rules.0']).toBe('Enter a pattern or remove this rule.');
  });
  it('needs a response unless the intent hands off', () => {
    const noResponse = formToIntentBody(intentForm({ responses: [] }));
    expect(noResponse.ok ? null : noResponse.errors.responses).toMatch(/Add a response/);
    expect(formToIntentBody(intentForm({ responses: [], handoff: true })).ok).toBe(true);
  });
});

describe('FAQ form', () => {
  it('builds the body with question variants and quick replies', () => {
    expect(
      formToFaqBody({ questionsText: 'Do you ship abroad?\nInternational shipping', answer: 'Yes, to 30 countries.', locale: 'en', quickReplies: [{ label: 'Rates', payload: '' }] }),
    ).toEqual({
      ok: true,
      body: { questions: ['Do you ship abroad?', 'International shipping'], answer: 'Yes, to 30 countries.', locale: 'en', quickReplies: [{ label: 'Rates' }] },
    });
  });
  it('needs a question and an answer', () => {
    const result = formToFaqBody({ questionsText: '\n', answer: ' ', locale: 'vi', quickReplies: [] });
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['answer', 'questions']);
  });
});

describe('assistant settings form', () => {
  const saved = AssistantSettings.parse({
    botId: '00000000-0000-4000-8000-000000000002',
    mode: 'pipeline',
    intentThreshold: null,
    knowledgeThreshold: 0.3,
    llmEnabled: false,
    llmBaseUrl: null,
    llmModel: null,
    llmApiKeySet: true,
    globalLlmConfigured: false,
    llmMonthlyTokenBudget: null,
    llmTokensThisMonth: 0,
    workflowUrl: null,
    messages: { vi: { handoff: 'Đang chuyển bạn tới nhân viên.' } },
    updatedAt: '2025-01-01T00:00:00.000Z',
  });
  it('sends nothing when nothing changed, and never the stored key', () => {
    expect(formToSettingsPatch(settingsToForm(saved), saved)).toEqual({ ok: true, patch: null });
  });
  it('sends only the changed fields', () => {
    const form = settingsToForm(saved);
    form.mode = 'workflow';
    form.workflowUrl = 'https://n8n.example/webhook/abc';
    form.intentThreshold = '0.6';
    form.llmMonthlyTokenBudget = '200000';
    form.llmApiKey = ' sk-new ';
    form.messages.en.fallback = 'Sorry, I do not know.';
    expect(formToSettingsPatch(form, saved)).toEqual({
      ok: true,
      patch: {
        mode: 'workflow',
        intentThreshold: 0.6,
        llmMonthlyTokenBudget: 200000,
        workflowUrl: 'https://n8n.example/webhook/abc',
        messages: { en: { fallback: 'Sorry, I do not know.' }, vi: { handoff: 'Đang chuyển bạn tới nhân viên.' } },
        llmApiKey: 'sk-new',
      },
    });
  });
  it('reports bad numbers and URLs on their fields', () => {
    const form = settingsToForm(saved);
    form.knowledgeThreshold = '1.5';
    form.intentThreshold = 'high';
    form.llmMonthlyTokenBudget = '12.5';
    form.llmBaseUrl = 'ftp://llm.local';
    const result = formToSettingsPatch(form, saved);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['intentThreshold', 'knowledgeThreshold', 'llmBaseUrl', 'llmMonthlyTokenBudget']);
    if (!result.ok) expect(result.errors.intentThreshold).toBe('Enter a number between 0 and 1.');
  });
  it('needs a knowledge threshold', () => {
    const form = settingsToForm(saved);
    form.knowledgeThreshold = ' ';
    const result = formToSettingsPatch(form, saved);
    expect(result.ok ? null : result.errors.knowledgeThreshold).toBe('Enter a number between 0 and 1.');
  });
});

describe('document files', () => {
  it('accepts text, Markdown and HTML by extension', () => {
    expect(checkDocumentFile('Shipping FAQ.md', 120)).toEqual({ ok: true, contentType: 'text/markdown', title: 'Shipping FAQ' });
    expect(checkDocumentFile('notes.TXT', 5)).toMatchObject({ ok: true, contentType: 'text/plain' });
    expect(checkDocumentFile('page.htm', 5)).toMatchObject({ ok: true, contentType: 'text/html' });
  });
  it('refuses other, empty and oversized files with a message', () => {
    expect(checkDocumentFile('manual.pdf', 100)).toMatchObject({ ok: false, message: expect.stringMatching(/not a text, Markdown or HTML file/) });
    expect(checkDocumentFile('README', 100)).toMatchObject({ ok: false });
    expect(checkDocumentFile('empty.txt', 0)).toMatchObject({ ok: false, message: '“empty.txt” is empty.' });
    expect(checkDocumentFile('big.md', MAX_DOCUMENT_BYTES + 1)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 1\.0 MB/) });
  });
  it('spots binary content read as text', () => {
    expect(looksBinary('PK\u0003\u0004\u0000')).toBe(true);
    expect(looksBinary('bad byte \uFFFD')).toBe(true);
    expect(looksBinary('Giờ mở cửa: 9–17')).toBe(false);
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_345)).toBe('2.3 kB');
    expect(formatBytes(45_000)).toBe('45 kB');
  });
});

describe('test console stage table', () => {
  const stages: StageRecord[] = [
    { name: 'handoff', ms: 0.042, outcome: 'no_match' },
    { name: 'rules', ms: 0.01, outcome: 'no_match' },
    { name: 'intent', ms: 1.234, outcome: 'below_threshold', detail: 'greeting 0.41' },
    { name: 'knowledge', ms: 12.5, outcome: 'answered', detail: 'faq 0.87' },
    { name: 'llm', ms: 0, outcome: 'skipped' },
  ];
  it('lists stages in order with outcome, time and detail, marking the one that answered', () => {
    expect(stageRows(stages)).toEqual([
      { stage: 'Handoff detection', outcome: 'no match', ms: '0.04 ms', detail: '', decisive: false },
      { stage: 'Rules', outcome: 'no match', ms: '0.01 ms', detail: '', decisive: false },
      { stage: 'Intent classifier', outcome: 'below threshold', ms: '1.2 ms', detail: 'greeting 0.41', decisive: false },
      { stage: 'Knowledge (FAQs and documents)', outcome: 'answered', ms: '12.5 ms', detail: 'faq 0.87', decisive: true },
      { stage: 'LLM fallback', outcome: 'skipped', ms: '0.00 ms', detail: '', decisive: false },
    ]);
  });
  it('formats milliseconds and sums up a run', () => {
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(Number.NaN)).toBe('—');
    expect(
      summarizeResult({ kind: 'answer', answeredBy: 'knowledge', text: 'Yes', confidence: 0.871, intent: null, rich: {}, stages, totalMs: 13.8 }),
    ).toBe('knowledge · 0.87 in 13.8 ms');
    expect(summarizeResult({ kind: 'handoff', answeredBy: 'handoff', text: null, confidence: null, intent: null, rich: {}, stages, totalMs: 0.3 })).toBe(
      'handoff in 0.30 ms',
    );
  });
});
