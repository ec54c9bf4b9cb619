import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { BotIdentitySecret, Message, Visitor, WidgetResolve } from '@parley/contracts';
import type { DemoShop } from '../apps/server/src/features/demo/demo-shop.js';
import type { RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { signInToDashboard } from './sign-in-to-dashboard.js';
import { startShopBot, type Api } from './shop-bot.js';

declare global {
  interface Window {
    /** The loader's command function on the shop page. */
    Parley?: (command: string, ...args: unknown[]) => void;
  }
}

/**
 * The product's heart, in real Chromium: a shop on another origin embeds the snippet;
 * a visitor chats through the loader and the widget iframe; an agent answers; nothing
 * is lost or duplicated across a reload or a spell offline.
 */
describe('chat from a shop page on another origin (Chromium)', () => {
  let parley: RunningParley;
  let shop: DemoShop;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let botId = '';
  let api: Api;
  let identitySecret = '';
  let shopOrigin = '';
  const pageErrors: string[] = [];

  const widget = (): FrameLocator => page.frameLocator('iframe[src*="/widget/v1/frame/"]');
  /** Message bubbles with this text (the live region repeats new messages for screen readers). */
  const bubble = (text: string) => widget().locator('.msg', { hasText: text });
  const launcher = () => page.locator('button[aria-expanded]');

  async function conversationMessages(): Promise<Message[]> {
    const [first] = await api('GET', '/conversations?status=open,pending,resolved', (x) => z_summaries(x));
    if (!first) return [];
    return api('GET', `/conversations/${first.id}/messages`, (x) => Message.array().parse(x));
  }

  beforeAll(async () => {
    // The owner sets up a bot and an API key the "agent" answers with.
    const setup = await startShopBot({ bot: { name: 'Shop helper' }, key: { name: 'agent', role: 'agent' } });
    ({ parley, api, shopOrigin } = setup);
    botId = setup.bot.id;
    identitySecret = (await setup.asOwner('GET', `/bots/${botId}/identity-secret`, (x) => BotIdentitySecret.parse(x))).identitySecret;
    shop = await setup.startShop();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await parley?.close();
  });

  it('shows only the launcher until the visitor interacts', async () => {
    const frameRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/widget/v1/frame/')) frameRequests.push(r.url());
    });
    await page.goto(shop.url);
    await launcher().waitFor();
    expect(await page.locator('iframe[src*="/widget/v1/frame/"]').count()).toBe(0);
    expect(frameRequests).toEqual([]);
  });

  it('opens the widget, sends a message and gets the agent reply', async () => {
    await launcher().click();
    const input = widget().getByRole('textbox', { name: 'Type a message…' });
    await input.waitFor();
    await input.fill('Do you ship to Đà Nẵng?');
    await input.press('Enter');
    await bubble('Do you ship to Đà Nẵng?').waitFor();

    // The agent sees it (through the API here; the inbox has its own browser test) and replies.
    await expect.poll(async () => (await conversationMessages()).map((m) => m.body), { timeout: 10_000 }).toContain('Do you ship to Đà Nẵng?');
    const [conversation] = await api('GET', '/conversations', (x) => z_summaries(x));
    await api('POST', `/conversations/${conversation?.id ?? ''}/messages`, (x) => x, { body: 'Yes — 2 days to Đà Nẵng.' });
    await bubble('Yes — 2 days to Đà Nẵng.').waitFor();
    // The away message was sent once.
    expect(await bubble("We'll get back to you").count()).toBe(1);
  });

  it('keeps the history across a reload', async () => {
    await page.reload();
    await launcher().click();
    await bubble('Yes — 2 days to Đà Nẵng.').waitFor();
    await bubble('Do you ship to Đà Nẵng?').waitFor();
  });

  it('delivers messages typed offline exactly once, in order, when back online', async () => {
    const input = widget().getByRole('textbox', { name: 'Type a message…' });
    await context.setOffline(true);
    for (const text of ['offline one', 'offline two', 'offline three']) {
      await input.fill(text);
      await input.press('Enter');
      await bubble(text).waitFor();
    }
    await context.setOffline(false);
    await expect
      .poll(async () => (await conversationMessages()).filter((m) => m.author === 'visitor').map((m) => m.body), { timeout: 30_000 })
      .toEqual(['Do you ship to Đà Nẵng?', 'offline one', 'offline two', 'offline three']);
    // And each shows once in the widget.
    for (const text of ['offline one', 'offline two', 'offline three']) await expect.poll(() => bubble(text).count()).toBe(1);
    await expect.poll(() => widget().getByText('Sending…').count()).toBe(0);
  });

  it('carries a reply typed by an agent in the dashboard inbox to the widget', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    agentContext.setDefaultTimeout(15_000);
    try {
      const inbox = await agentContext.newPage();
      inbox.on('pageerror', (e) => pageErrors.push(`dashboard: ${e.message}`));
      await (await signInToDashboard(inbox, parley)).getByRole('link', { name: /Inbox/ }).click();
      // The only conversation is the shop visitor's; it is online (the widget is open).
      const row = inbox.getByRole('tabpanel').getByRole('link', { name: /Visitor/ }).first();
      await row.getByRole('img', { name: 'online', exact: true }).waitFor();
      await row.click();
      await inbox.getByText('offline three').first().waitFor();
      const reply = inbox.getByRole('textbox', { name: 'Reply message' });
      await reply.fill('Typed in the inbox: your order ships today.');
      await inbox.getByRole('button', { name: 'Send reply' }).click();
      await bubble('Typed in the inbox: your order ships today.').waitFor();
      expect(await bubble('Typed in the inbox: your order ships today.').count()).toBe(1);
    } finally {
      await agentContext.close();
    }
  });

  it('continues as the same signed-in person on another device, and the page remembers it on the next load', async () => {
    const userId = 'shopper-77';
    const userHash = createHmac('sha256', identitySecret).update(userId).digest('hex');
    const storedToken = (p: Page) => p.evaluate((key) => localStorage.getItem(key), `parley:${botId}:vt`);
    const visitorOf = async (token: string | null) => {
      const res = await fetch(`${parley.url}/widget/v1/bots/${botId}/resolve?vt=${encodeURIComponent(token ?? '')}`, { headers: { origin: shopOrigin } });
      return WidgetResolve.parse(await res.json()).visitorId;
    };
    // Device 1 (the visitor who has chatted so far) signs in on the shop.
    await page.evaluate(([id, hash]) => window.Parley?.('identify', { userId: id, userHash: hash }), [userId, userHash]);
    const firstVisitor = await visitorOf(await storedToken(page));
    await expect
      .poll(async () => api('GET', `/visitors/${firstVisitor}`, (x) => Visitor.parse(x)), { timeout: 10_000 })
      .toMatchObject({ verified: true, externalUserId: userId });

    // Device 2: a new browser, a new anonymous visitor, until the same person signs in.
    const device2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    device2.setDefaultTimeout(15_000);
    try {
      const page2 = await device2.newPage();
      page2.on('pageerror', (e) => pageErrors.push(`device 2: ${e.message}`));
      await page2.goto(shop.url);
      const launcher2 = page2.locator('button[aria-expanded="false"]');
      await launcher2.click();
      const widget2 = page2.frameLocator('iframe[src*="/widget/v1/frame/"]');
      await widget2.getByRole('textbox', { name: 'Type a message…' }).waitFor();
      expect(await visitorOf(await storedToken(page2))).not.toBe(firstVisitor);
      await page2.evaluate(([id, hash]) => window.Parley?.('identify', { userId: id, userHash: hash }), [userId, userHash]);
      // The widget continues the first device's conversation, and hands the page that visitor's token.
      await widget2.locator('.msg', { hasText: 'Typed in the inbox: your order ships today.' }).waitFor();
      await expect.poll(async () => visitorOf(await storedToken(page2))).toBe(firstVisitor);
      // A new page load (no identify yet) resolves as that visitor from the start.
      await page2.reload();
      await page2.locator('button[aria-expanded="false"]').click();
      await widget2.locator('.msg', { hasText: 'Typed in the inbox: your order ships today.' }).waitFor();
    } finally {
      await device2.close();
    }
  });

  it('raised no uncaught errors in the shop page or the dashboard', () => {
    expect(pageErrors).toEqual([]);
  });
});

function z_summaries(x: unknown): Array<{ id: string }> {
  if (!Array.isArray(x)) throw new Error('expected an array');
  return x.flatMap((row: unknown) => (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string' ? [{ id: row.id }] : []));
}
