import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, Faq, Message } from '@parley/contracts';
import type { DemoShop } from '../apps/server/src/features/demo/demo-shop.js';
import type { RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { signInToDashboard } from './sign-in-to-dashboard.js';
import { startShopBot, type Api } from './shop-bot.js';

/**
 * The hybrid assistant in real Chromium, on a shop page of another origin: a visitor asks an FAQ
 * question (in Vietnamese typed without accents) and gets the answer from the knowledge base with
 * its quick replies as buttons; tapping "talk to a person" hands the conversation to the team,
 * which sees it in the dashboard inbox.
 */
describe('hybrid assistant in the widget (Chromium)', () => {
  let parley: RunningParley;
  let shop: DemoShop;
  let browser: Browser;
  let page: Page;
  let botId = '';
  let api: Api;
  const pageErrors: string[] = [];

  const widget = (): FrameLocator => page.frameLocator('iframe[src*="/widget/v1/frame/"]');

  beforeAll(async () => {
    const setup = await startShopBot({ bot: { name: 'Cửa hàng', locale: 'vi' }, key: { name: 'knowledge editor', role: 'admin' } });
    ({ parley, api } = setup);
    botId = setup.bot.id;
    await api('POST', `/bots/${botId}/faqs`, (x) => Faq.parse(x), {
      questions: ['Phí vận chuyển là bao nhiêu?', 'Giao hàng mất bao nhiêu tiền?'],
      answer: 'Phí vận chuyển là 30.000đ, miễn phí cho đơn từ 500.000đ.',
      locale: 'vi',
      quickReplies: [{ label: 'Theo dõi đơn hàng' }, { label: 'Gặp nhân viên', payload: 'cho tôi gặp nhân viên' }],
    });
    await api('POST', `/bots/${botId}/faqs`, (x) => Faq.parse(x), {
      questions: ['Cửa hàng mở cửa lúc mấy giờ?'],
      answer: 'Chúng tôi mở cửa từ 8 giờ đến 22 giờ mỗi ngày.',
      locale: 'vi',
    });
    shop = await setup.startShop();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await parley?.close();
  });

  it('answers an FAQ question typed without accents, with quick replies as buttons', async () => {
    await page.goto(shop.url);
    await page.locator('button[aria-expanded="false"]').click();
    const input = widget().getByRole('textbox');
    await input.fill('phi van chuyen la bao nhieu');
    await input.press('Enter');
    await widget().locator('.msg', { hasText: 'Phí vận chuyển là 30.000đ' }).waitFor();
    const buttons = widget().locator('[data-quick-reply]');
    await expect.poll(() => buttons.count()).toBe(2);
    expect(await buttons.allTextContents()).toEqual(['Theo dõi đơn hàng', 'Gặp nhân viên']);

    const [summary] = await api('GET', '/conversations?status=open,pending,resolved', (x) => Conversation.array().parse(x));
    const messages = await api('GET', `/conversations/${summary?.id ?? ''}/messages`, (x) => Message.array().parse(x));
    const answer = messages.find((m) => m.author === 'bot');
    expect(answer?.answeredBy).toBe('knowledge');
    expect(answer?.confidence ?? 0).toBeGreaterThan(0.35);
    expect(answer?.rich?.quickReplies?.map((q) => q.label)).toEqual(['Theo dõi đơn hàng', 'Gặp nhân viên']);
  });

  it('hands over to a person from a quick reply; the team sees it in the inbox and the bot goes quiet', async () => {
    await widget().locator('[data-quick-reply]', { hasText: 'Gặp nhân viên' }).click();
    await widget().locator('[data-handoff-note]').waitFor();
    await expect.poll(() => widget().locator('[data-quick-reply]').count()).toBe(0);
    // The visitor's message is the button's label; the bot answered its payload ("cho tôi gặp nhân viên").
    expect(await widget().locator('.msg.own').last().locator('.bubble').innerText()).toMatch(/Gặp nhân viên$/);
    expect(await widget().getByText('cho tôi gặp nhân viên').count()).toBe(0);

    const [conversation] = await api('GET', '/conversations?status=open,pending,resolved', (x) => Conversation.array().parse(x));
    expect(conversation?.humanMode).toBe(true);
    expect(conversation?.handoffReason).toBe('request');

    // The team's inbox, in a second browser context.
    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    agent.setDefaultTimeout(15_000);
    await (await signInToDashboard(agent, parley)).getByRole('link', { name: /Inbox/ }).click();
    await agent.getByRole('tabpanel').getByRole('link', { name: /Visitor/ }).first().click();
    const transcript = agent.getByRole('region', { name: 'Messages' });
    // The transcript with the bot's last attempt, then its handoff message.
    await transcript.getByText('phi van chuyen la bao nhieu').waitFor();
    await transcript.getByText('Phí vận chuyển là 30.000đ, miễn phí cho đơn từ 500.000đ.').waitFor();
    await agent.getByRole('button', { name: 'Hand back to bot' }).waitFor();
    const said = (await api('GET', `/conversations/${conversation?.id ?? ''}/messages`, (x) => Message.array().parse(x))).filter((m) => m.author === 'visitor');
    expect(said.map((m) => m.body)).toEqual(['phi van chuyen la bao nhieu', 'Gặp nhân viên']);
    // In the transcript: the bot's quick reply, then the visitor's message with its label.
    await expect.poll(() => transcript.getByText('Gặp nhân viên', { exact: true }).count()).toBe(2);
    expect(await transcript.getByText('cho tôi gặp nhân viên').count()).toBe(0);

    // In human mode the bot stays silent: a question it could answer gets no bot reply.
    const before = (await api('GET', `/conversations/${conversation?.id ?? ''}/messages`, (x) => Message.array().parse(x))).length;
    const input = widget().getByRole('textbox');
    await input.fill('cua hang mo cua luc may gio');
    await input.press('Enter');
    await transcript.getByText('cua hang mo cua luc may gio').waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await api('GET', `/conversations/${conversation?.id ?? ''}/messages`, (x) => Message.array().parse(x));
    expect(after.slice(before).map((m) => m.author)).toEqual(['visitor']);

    // Handed back, the bot answers again.
    await agent.getByRole('button', { name: 'Hand back to bot' }).click();
    await input.fill('cua hang mo cua luc may gio');
    await input.press('Enter');
    await widget().locator('.msg', { hasText: 'Chúng tôi mở cửa từ 8 giờ đến 22 giờ mỗi ngày.' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
