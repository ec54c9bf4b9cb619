import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssistantSettings, Bot, Faq, Intent, KnowledgeDocument, KnowledgeDocumentDetail, Message, WebhookDelivery, WidgetResolve } from '@parley/contracts';
import { signInOverHttp } from '../apps/server/src/test/parley-process.js';
import { startParley, type RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { signInToDashboard } from './sign-in-to-dashboard.js';
import { revealAndRotate } from './secret-section.js';

const shop = 'http://shop.test';
/** Set PARLEY_E2E_SCREENSHOTS=/some/dir to keep a PNG of each step. */
const screenshotDir = process.env.PARLEY_E2E_SCREENSHOTS;
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
  /** A local webhook receiver: answers `receiverStatus`, records what it got. */
  let receiver: Server;
  let receiverStatus = 500;
  const received: { body: string; signature: string; timestamp: string; event: string; delivery: string }[] = [];
  let visitor: Socket | undefined;
  let webhookSecret = '';

  async function api(path: string): Promise<unknown> {
    const response = await fetch(`${parley.url}/api/v1${path}`, { headers });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function screenshot(name: string): Promise<void> {
    if (!screenshotDir) return;
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
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
    receiver = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => { body += chunk; });
      request.on('end', () => {
        const header = (name: string) => String(request.headers[name] ?? '');
        received.push({ body, signature: header('x-parley-signature'), timestamp: header('x-parley-timestamp'), event: header('x-parley-event'), delivery: header('x-parley-delivery') });
        response.writeHead(receiverStatus).end();
      });
    });
    await new Promise<void>((resolve) => { receiver.listen(0, '127.0.0.1', resolve); });
    // Webhooks to the local receiver are allowed here; two quick attempts before a delivery fails.
    parley = await startParley({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_POLL_MS: '100' });
    headers = await signInOverHttp(parley.url, parley.owner.email, parley.owner.password);
    const created = await fetch(`${parley.url}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'Shop helper', allowedOrigins: [shop] }) });
    botId = Bot.parse(await created.json()).id;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInToDashboard(page, parley);
  }, 120_000);

  afterAll(async () => {
    visitor?.disconnect();
    await browser?.close();
    await parley?.close();
    await new Promise((resolve) => { receiver?.close(resolve); });
  });

  it('adds an FAQ, an intent with a quick reply and a Markdown document, and the test console shows who answered and how fast', async () => {
    await page.goto(`${parley.url}/app/bots/${botId}`);
    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { name: 'Assistant', exact: true }).waitFor();
    // The settings tab: the stored key is never shown, only whether there is one.
    await expect.poll(() => page.getByTestId('llm-key-status').textContent()).toBe('not set');
    await screenshot('assistant-00-settings');
    await page.getByLabel('Monthly token budget').fill('50000');
    await page.getByLabel('API key', { exact: true }).fill('sk-test-secret-123');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('llm-key-status').textContent()).toBe('set');
    const settings = AssistantSettings.parse(await api(`/bots/${botId}/assistant`));
    expect(settings).toMatchObject({ llmApiKeySet: true, llmMonthlyTokenBudget: 50000 });
    expect(JSON.stringify(settings)).not.toContain('sk-test-secret-123');
    // The workflow secret: revealed on demand, rotated after a confirmation.
    const workflow = await revealAndRotate(page, {
      region: 'Workflow secret',
      field: 'Workflow secret',
      reveal: 'Reveal workflow secret',
      rotate: 'Rotate workflow secret',
      confirm: 'Rotate the workflow secret?',
      rotated: 'Workflow secret rotated',
    });
    expect(workflow.before.length).toBeGreaterThanOrEqual(16);
    expect(await page.getByLabel('Replace API key').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Clear key' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove key' }).click();
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
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByLabel('Response 1 link 1 label').fill('Opening times');
    await page.getByLabel('Response 1 link 1 URL').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Create intent' }).click();
    await page.getByText(/Not a valid regular expression/).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' }).first().waitFor();
    // A bad link URL is flagged on the URL field, not on the link's label.
    expect(await page.getByLabel('Response 1 link 1 URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Response 1 link 1 label').getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Response 1 link 1 URL').fill('https://shop.example/hours');
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
      responses: [
        {
          text: 'We are open 9:00–17:00, Monday to Saturday.',
          quickReplies: [{ label: 'Talk to a person' }],
          links: [{ label: 'Opening times', url: 'https://shop.example/hours' }],
        },
      ],
    });
    // The model trains in the background; the tab follows it until it is up to date.
    await expect.poll(() => page.getByTestId('model-status').textContent(), { timeout: 20_000 }).toMatch(/Trained.*3 examples/);
    await screenshot('assistant-01-intents');

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
    await screenshot('assistant-02-documents');

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
    await screenshot('assistant-03-test-console');

    expect(pageErrors).toEqual([]);
  });
  it('adds a webhook endpoint and shows its signing secret once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const address = receiver.address();
    if (address === null || typeof address === 'string') throw new Error('the receiver is not listening on TCP');
    const { port } = address;
    await page.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${port}/hook`);
    await page.getByLabel('Bot', { exact: true }).selectOption({ label: 'Shop helper' });
    await page.getByRole('checkbox', { name: /Conversation handed off/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Signing secret').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: `http://127.0.0.1:${port}/hook`, exact: true }).waitFor();
    webhookSecret = secret;
  });

  it('shows bot answers, quick replies and the handoff in the inbox, with take over and hand back', async () => {
    const resolved = await fetch(`${parley.url}/widget/v1/bots/${botId}/resolve`, { headers: { origin: shop } });
    expect(resolved.status).toBe(200);
    const { visitorToken } = WidgetResolve.parse(await resolved.json());
    const socket = io(`${parley.url}/visitor`, {
      auth: { botId, visitorToken, pageUrl: `${shop}/p/1` },
      extraHeaders: { origin: shop },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    visitor = socket;
    const botMessages: Message[] = [];
    socket.on('message.created', (payload: unknown) => {
      const message = Message.parse(payload);
      if (message.author === 'bot') botMessages.push(message);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const send = async (clientId: string, body: string, answers: number) => {
      await socket.timeout(5_000).emitWithAck('message.send', { clientId, body });
      await expect.poll(() => botMessages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(answers);
    };
    await send('visitor-msg-1', faqQuestion, 1);
    const conversationId = botMessages[0]?.conversationId ?? '';
    await send('visitor-msg-2', 'What are your opening hours?', 2);
    await send('visitor-msg-3', 'I want to talk to a person please', 3);

    await page.goto(`${parley.url}/app/inbox/${conversationId}`);
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByText(faqAnswer).waitFor();
    // Each bot message names the stage that answered and its confidence.
    const badges = await messages.getByTestId('answered-by').allTextContents();
    expect(badges[0]).toMatch(/^knowledge · \d\.\d\d$/);
    expect(badges[1]).toMatch(/^(rule|intent)( · \d\.\d\d)?$/);
    await messages.getByRole('list', { name: 'Quick replies offered' }).getByText('Talk to a person').waitFor();
    // Handed off: the banner says when and why, and the bot's last attempt is marked in the transcript.
    await expect.poll(() => page.getByTestId('handoff-banner').textContent()).toMatch(/^Handed off .+ — the visitor asked for a person$/);
    await messages.getByText('Bot’s last attempt').waitFor();
    await screenshot('assistant-04-inbox-handoff');
    await page.getByRole('button', { name: 'Hand back to bot' }).click();
    await page.getByRole('button', { name: 'Take over' }).waitFor();
    expect(await page.getByTestId('handoff-banner').count()).toBe(0);
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByRole('button', { name: 'Hand back to bot' }).waitFor();
  });

  it('lists failed deliveries with their attempt log and delivers them on Retry, signed with the secret', async () => {
    // Every message event failed twice (HTTP 500): the outbox gave up on them.
    const failed = async () =>
      WebhookDelivery.array().parse(await api('/webhook-deliveries?status=failed&limit=100')).filter((d) => d.event === 'message.created');
    await expect.poll(async () => (await failed()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    receiverStatus = 200;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    const first = page.getByRole('button', { name: /^Details of delivery message\.created/ }).first();
    await first.click();
    const log = page.getByRole('table', { name: 'Attempt log' });
    await log.waitFor();
    const rows = await log.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toContain('500');
    await screenshot('assistant-05-delivery-log');

    const deliveryId = (await page.getByTestId('delivery-id').textContent()) ?? '';
    const attemptsBefore = received.filter((r) => r.delivery === deliveryId).length;
    expect(attemptsBefore).toBe(2);
    await page.getByRole('button', { name: 'Retry delivery', exact: true }).click();
    await expect.poll(() => received.filter((r) => r.delivery === deliveryId).length, { timeout: 15_000 }).toBe(3);
    const delivered = received.filter((r) => r.delivery === deliveryId).at(-1);
    expect(delivered?.event).toBe('message.created');
    const stored = WebhookDelivery.parse(await api(`/webhook-deliveries/${deliveryId}`));
    await expect.poll(async () => WebhookDelivery.parse(await api(`/webhook-deliveries/${deliveryId}`)).status).toBe('succeeded');
    expect(stored.event).toBe('message.created');
    const expected = `sha256=${createHmac('sha256', webhookSecret).update(`${delivered?.timestamp ?? ''}.${delivered?.body ?? ''}`).digest('hex')}`;
    expect(delivered?.signature).toBe(expected);
    await page.getByLabel('Status', { exact: true }).selectOption('succeeded');
    await page.getByRole('button', { name: /^Details of delivery message\.created/ }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
