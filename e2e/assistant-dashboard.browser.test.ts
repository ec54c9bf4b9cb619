import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, Faq, Intent, KnowledgeDocument, KnowledgeDocumentDetail } from '@parley/contracts';
import { signInOverHttp } from '../apps/server/src/test/parley-process.js';
import { startParley, type RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';

const faqQuestion = 'Do you ship to Vietnam?';
const faqAnswer = 'Yes, we ship to Vietnam in 5 to 7 days.';
const markdown = [
  '# Returns policy',
  '',
  'You can return any item within 30 days for a full refund.',
  '',
  '## Damaged parcels',
  '',
  'Send us a photo of the damaged parcel and we send a new one. <script>alert("x")</script>',
  '',
].join('\n');

/**
 * The bot's Assistant area in real Chromium against a real server: an FAQ, an intent with a quick
 * reply and a Markdown document are added through the dashboard, then the test console shows which
 * stage answered, with its confidence and per-stage timings.
 */
describe('assistant in the dashboard (Chromium)', () => {
  let parley: RunningParley;
  let browser: Browser;
  let page: Page;
  let botId = '';
  let headers: Record<string, string> = {};
  const pageErrors: string[] = [];

  async function api(path: string): Promise<unknown> {
    const response = await fetch(`${parley.url}/api/v1${path}`, { headers });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function openTab(name: string): Promise<void> {
    await page.getByRole('tab', { name }).click();
    await expect.poll(() => page.getByRole('tab', { name }).getAttribute('aria-selected')).toBe('true');
  }

  async function ask(text: string): Promise<void> {
    const before = await page.getByTestId('test-result').count() > 0 ? await page.getByTestId('test-result').textContent() : null;
    await page.getByLabel('Visitor message').fill(text);
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect.poll(async () => {
      if (await page.getByTestId('test-result').count() === 0) return false;
      const now = await page.getByTestId('test-result').textContent();
      return now !== before && (now ?? '').includes(text);
    }).toBe(true);
  }

  beforeAll(async () => {
    parley = await startParley();
    headers = await signInOverHttp(parley.url, parley.owner.email, parley.owner.password);
    const created = await fetch(`${parley.url}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'Shop helper' }) });
    botId = Bot.parse(await created.json()).id;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${parley.url}/app/`);
    await page.getByLabel('Email').fill(parley.owner.email);
    await page.getByLabel('Password').fill(parley.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parley?.close();
  });

  it('adds an FAQ, an intent with a quick reply and a Markdown document, and the test console shows who answered and how fast', async () => {
    await page.goto(`${parley.url}/app/bots/${botId}`);
    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { name: 'Assistant', exact: true }).waitFor();
    // The settings tab: the stored key is never shown, only whether there is one.
    await expect.poll(() => page.getByTestId('llm-key-status').textContent()).toBe('not set');

    // --- FAQ
    await openTab('FAQs');
    await page.getByRole('button', { name: 'New FAQ' }).click();
    await page.getByLabel('Questions').fill(`${faqQuestion}\nDelivery to Vietnam`);
    await page.getByLabel('Answer', { exact: true }).fill(faqAnswer);
    await page.getByRole('button', { name: 'Add FAQ' }).click();
    await page.getByRole('cell', { name: faqQuestion, exact: true }).waitFor();
    const faqs = Faq.array().parse(await api(`/bots/${botId}/faqs`));
    expect(faqs.map((f) => [f.questions, f.answer])).toEqual([[[faqQuestion, 'Delivery to Vietnam'], faqAnswer]]);

    // --- Intent with a rule, a response and a quick reply; an invalid regex is refused next to its row first.
    await openTab('Intents');
    await page.getByRole('button', { name: 'New intent' }).click();
    await page.getByLabel('Intent name').fill('opening_hours');
    await page.getByLabel('Examples').fill('when are you open\nwhat are your opening hours\nare you open on sunday');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 kind').selectOption('regex');
    await page.getByLabel('Rule 1 pattern').fill('(opening');
    await page.getByLabel('Response 1 text').fill('We are open 9:00–17:00, Monday to Saturday.');
    await page.getByRole('button', { name: 'Add quick reply' }).click();
    await page.getByLabel('Response 1 quick reply 1 label').fill('Talk to a person');
    await page.getByRole('button', { name: 'Create intent' }).click();
    await page.getByText(/Not a valid regular expression/).waitFor();
    await page.getByLabel('Rule 1 kind').selectOption('keyword');
    await page.getByLabel('Rule 1 pattern').fill('opening hours');
    await page.getByRole('button', { name: 'Create intent' }).click();
    await page.getByRole('cell', { name: 'opening_hours', exact: true }).waitFor();
    const intents = Intent.array().parse(await api(`/bots/${botId}/intents`));
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      name: 'opening_hours',
      examples: ['when are you open', 'what are your opening hours', 'are you open on sunday'],
      rules: [{ kind: 'keyword', pattern: 'opening hours' }],
      responses: [{ text: 'We are open 9:00–17:00, Monday to Saturday.', quickReplies: [{ label: 'Talk to a person' }] }],
    });
    // The model trains in the background; the tab follows it until it is up to date.
    await expect.poll(() => page.getByTestId('model-status').textContent(), { timeout: 20_000 }).toMatch(/Trained.*3 examples/);

    // --- Documents: a PDF is refused in the browser; a Markdown file is uploaded and shown as text.
    await openTab('Documents');
    await page.getByLabel('Document file').setInputFiles({ name: 'manual.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await page.getByText('“manual.pdf” is not a text, Markdown or HTML file. Choose a .txt, .md or .html file.').waitFor();
    await page.getByLabel('Document file').setInputFiles({ name: 'returns.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
    await expect.poll(() => page.getByLabel('Document title', { exact: true }).inputValue()).toBe('returns');
    await page.getByLabel('Document title', { exact: true }).fill('Returns policy');
    await page.getByRole('button', { name: 'Upload document' }).click();
    await page.getByRole('cell', { name: 'Returns policy', exact: true }).waitFor();
    const documents = KnowledgeDocument.array().parse(await api(`/bots/${botId}/documents`));
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ title: 'Returns policy', format: 'markdown', bytes: Buffer.byteLength(markdown) });
    const documentId = documents[0]?.id ?? '';
    const detail = KnowledgeDocumentDetail.parse(await api(`/bots/${botId}/documents/${documentId}`));
    expect(detail.chunks.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'View document Returns policy' }).click();
    const chunks = page.getByRole('list', { name: 'Chunks' });
    await chunks.waitFor();
    expect(await chunks.getByRole('listitem').count()).toBe(detail.chunks.length);
    // Whatever HTML the document holds is text on screen, never markup.
    expect(await page.getByTestId('document-text').textContent()).toBe(detail.content);
    expect(await page.locator('.document-text script').count()).toBe(0);

    // --- Test console
    await openTab('Test console');
    await ask(faqQuestion);
    expect(await page.getByTestId('test-answered-by').textContent()).toBe('knowledge');
    expect(await page.getByTestId('test-answer').textContent()).toBe(faqAnswer);
    const stageTable = page.getByRole('table', { name: 'Pipeline stages' });
    const answering = stageTable.locator('tbody tr[aria-current="true"]');
    expect(await answering.count()).toBe(1);
    expect(await answering.locator('td').first().textContent()).toBe('Knowledge (FAQs and documents)');
    expect(await answering.locator('td').nth(1).textContent()).toBe('answered');
    // Every stage that ran has a time, and so has the whole run.
    const times = await stageTable.locator('tbody td.num').allTextContents();
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (const t of times) expect(t).toMatch(/^\d+(\.\d+)? ms$/);
    expect(await page.getByTestId('test-total-ms').textContent()).toMatch(/^\d+(\.\d+)? ms$/);
    expect(await page.getByTestId('test-summary').textContent()).toMatch(/^knowledge · \d\.\d\d in \d+(\.\d+)? ms$/);

    await ask('What are your opening hours?');
    const answeredBy = await page.getByTestId('test-answered-by').textContent();
    expect(['rule', 'intent']).toContain(answeredBy);
    expect(await page.getByTestId('test-answer').textContent()).toBe('We are open 9:00–17:00, Monday to Saturday.');
    await page.getByRole('list', { name: 'Quick replies' }).getByText('Talk to a person').waitFor();
    expect(await page.getByTestId('test-result').getByRole('code').textContent()).toBe('opening_hours');

    expect(pageErrors).toEqual([]);
  });
});
