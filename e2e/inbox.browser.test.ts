import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { Bot, CreatedInvitation, Me, Message, WidgetResolve } from '@parley/contracts';
import { startParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';

/**
 * The live-support inbox, end to end: a real Parley server and the built dashboard in Debian
 * Chromium, with a visitor played by a Socket.IO client on the `/visitor` namespace (as the widget
 * would). Steps run in order and share the owner's page.
 *
 * Set PARLEY_E2E_SCREENSHOTS=/some/dir to keep a PNG of each step.
 */

type Parley = Awaited<ReturnType<typeof startParley>>;

const screenshotDir = process.env.PARLEY_E2E_SCREENSHOTS;
const shop = 'http://shop.test';
const chromeOnMac =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const reply = 'Hi! How can I help?';
const note = 'Check order #1042 before answering';

describe('inbox (Chromium)', () => {
  let parley: Parley | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let visitor: Socket | undefined;
  let visitorId = '';
  let conversationId = '';
  let myUserId = '';
  let csrf = '';
  let orgId = '';
  let botId = '';
  const pageErrors: string[] = [];
  /** Bodies of the messages the visitor's socket received, in order. */
  const visitorGot: string[] = [];
  /** Agent messages the page sent over REST instead of the socket. */
  const restSends: string[] = [];

  function server(): Parley {
    if (!parley) throw new Error('Parley did not start');
    return parley;
  }

  function visitorSocket(): Socket {
    if (!visitor) throw new Error('The visitor is not connected');
    return visitor;
  }

  async function screenshot(name: string): Promise<void> {
    if (!screenshotDir) return;
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  /** The conversation's row in the visible tab. */
  function row(): Locator {
    return page.getByRole('tabpanel').getByRole('link', { name: new RegExp(`Visitor ${visitorId.slice(0, 6)}`) });
  }

  function visitorReceives(body: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        visitorSocket().off('message.created', listener);
        reject(new Error(`the visitor did not receive "${body}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: unknown) => {
        if (Message.parse(payload).body !== body) return;
        clearTimeout(timer);
        visitorSocket().off('message.created', listener);
        resolve(Date.now());
      };
      visitorSocket().on('message.created', listener);
    });
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // Many visitors from this one address open conversations below (the paging step).
    parley = await startParley({ IP_MESSAGE_LIMIT: '1000' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/v1\/conversations\/[^/]+\/messages$/.test(request.url())) {
        restSends.push(request.url());
      }
    });
  });

  afterAll(async () => {
    visitor?.disconnect();
    await browser?.close();
    await parley?.close();
  });

  it('signs in and opens an empty, live inbox', async () => {
    const { url, owner } = server();
    await page.goto(`${url}/app/login`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').first().textContent()).toContain('Inbox');
    await nav.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/inbox');
    await page.getByText('No open conversations').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
  });

  it('shows a new visitor conversation as it arrives, with the visitor online', async () => {
    const { url } = server();
    // A bot for the shop, created through the API with the owner's session.
    const meJson: unknown = await page.evaluate(async (): Promise<unknown> => (await fetch('/api/v1/me')).json());
    const me = Me.parse(meJson);
    myUserId = me.user.id;
    csrf = me.csrfToken;
    orgId = me.organizations[0]?.id ?? '';
    const botJson: unknown = await page.evaluate(
      async ({ csrf, org, origin }) =>
        (
          await fetch('/api/v1/bots', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'x-parley-org': org },
            body: JSON.stringify({ name: 'Shop', allowedOrigins: [origin] }),
          })
        ).json(),
      { csrf, org: orgId, origin: shop },
    );
    const bot = Bot.parse(botJson);
    botId = bot.id;

    const resolved = await fetch(`${url}/widget/v1/bots/${bot.id}/resolve`, { headers: { origin: shop } });
    expect(resolved.status).toBe(200);
    const { visitorToken, visitorId: id } = WidgetResolve.parse(await resolved.json());
    visitorId = id;

    visitor = io(`${url}/visitor`, {
      auth: { botId: bot.id, visitorToken, pageUrl: `${shop}/p/1` },
      extraHeaders: { origin: shop, 'user-agent': chromeOnMac },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    visitor.on('message.created', (payload: unknown) => visitorGot.push(Message.parse(payload).body));
    await new Promise<void>((resolve, reject) => {
      visitorSocket().once('connect', resolve);
      visitorSocket().once('connect_error', reject);
    });

    const ack = await visitor.timeout(5_000).emitWithAck('message.send', { clientId: 'abcdefgh01', body: 'Hello?' });
    expect(ack).toMatchObject({ ok: true, message: { body: 'Hello?', author: 'visitor' } });
    conversationId = Message.parse(ack.message).conversationId;

    // No reload: the row appears from the socket events, with the visitor online.
    await row().waitFor();
    await row().getByRole('img', { name: 'online', exact: true }).waitFor();
    await row().getByText(/Hello\?|Thanks for your message/).waitFor();
    expect(await row().textContent()).toContain('Unassigned');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox\s*1 unread/ }).waitFor();
    await screenshot('inbox-01-new-conversation');
  });

  it('opens the conversation: history, visitor details, read marking', async () => {
    await row().click();
    expect(new URL(page.url()).pathname).toBe(`/app/inbox/${conversationId}`);
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByText('Hello?', { exact: true }).waitFor();
    await messages.getByText("Thanks for your message! We'll get back to you here as soon as we can.").waitFor();
    expect(await messages.getByText('Bot', { exact: true }).count()).toBe(1);

    const details = page.getByRole('complementary', { name: 'Visitor details' });
    await details.getByText('Online now').waitFor();
    await details.getByText('Chrome 131 on macOS').waitFor();
    expect(await details.getByRole('link', { name: `${shop}/p/1` }).getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await details.getByText('Not verified').count()).toBe(1);
    expect(await details.getByText('Unknown').count()).toBeGreaterThanOrEqual(2); // country and city

    // Seen on screen: marked read, so the badge counts it as open rather than unread.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox\s*1 open/ }).waitFor();
  });

  it('shows when the visitor is typing', async () => {
    visitorSocket().emit('typing', { typing: true });
    await page.getByText('Visitor is typing…').waitFor();
    visitorSocket().emit('typing', { typing: false });
    await page.getByText('Visitor is typing…').waitFor({ state: 'detached' });
  });

  // How fast is measured by `npm run bench:realtime`; a timed assertion here would be flaky.
  it('sends a reply that reaches the visitor', async () => {
    const composer = page.getByRole('textbox', { name: 'Reply message' });
    await composer.fill(reply);
    await expect.poll(() => page.getByText(`${reply.length}/4000`).count()).toBe(1);
    const arrives = visitorReceives(reply, 10_000);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await arrives;

    const sent = page.getByRole('region', { name: 'Messages' }).getByRole('listitem').filter({ hasText: reply });
    await sent.getByText('Olivia Owner').waitFor();
    await sent.getByText('Sending…').waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('');
    // Sent over the socket, not the REST fallback.
    expect(restSends).toEqual([]);
  });

  it('adds an internal note (Enter sends) that the visitor never receives', async () => {
    await page.getByRole('button', { name: 'Internal note' }).click();
    const composer = page.getByRole('textbox', { name: 'Internal note message' });
    await composer.fill(note);
    await composer.press('Enter');

    const item = page.getByRole('region', { name: 'Messages' }).getByRole('listitem').filter({ hasText: note });
    await item.getByText('Internal note', { exact: true }).waitFor();
    await item.getByText('Sending…').waitFor({ state: 'detached' });
    // The visitor would have had it by now: the server delivers to both namespaces at once.
    await page.waitForTimeout(500);
    expect(visitorGot).toContain(reply);
    expect(visitorGot).not.toContain(note);
    await screenshot('inbox-02-conversation');
  });

  it('assigns the conversation to me', async () => {
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByLabel('Assignee').inputValue()).toBe(myUserId);
    await row().getByText('Assigned to you').waitFor();
    expect(await page.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
  });

  it('resolves it: it moves to the Resolved tab', async () => {
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await row().waitFor({ state: 'detached' });
    await page.getByText('No open conversations').waitFor();

    await page.getByRole('tab', { name: /Resolved/ }).click();
    await row().waitFor();
    expect(await page.getByRole('tab', { name: /Resolved/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows the visitor going offline', async () => {
    visitorSocket().disconnect();
    await row().getByRole('img', { name: 'offline', exact: true }).waitFor();
    await page.getByRole('complementary', { name: 'Visitor details' }).getByText('Offline').waitFor();
    await screenshot('inbox-03-resolved-desktop');
  });

  it('keeps the history after a reload', async () => {
    await page.reload();
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByText('Hello?', { exact: true }).waitFor();
    await messages.getByText(reply, { exact: true }).waitFor();
    await messages.getByText(note, { exact: true }).waitFor();
    // Each message once: nothing duplicated by the socket and REST both delivering it.
    expect(await messages.getByText(reply, { exact: true }).count()).toBe(1);
    expect(await messages.getByRole('listitem').count()).toBe(4);
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
  });

  it('stacks the panes on a phone', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('link', { name: 'All conversations' }).waitFor();
    expect(await page.getByRole('tabpanel').isVisible()).toBe(false);
    await screenshot('inbox-04-mobile-conversation');

    await page.getByRole('link', { name: 'All conversations' }).click();
    await row().waitFor();
    expect(await page.getByRole('region', { name: 'Messages' }).count()).toBe(0);
    await screenshot('inbox-05-mobile-list');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches organizations: the inbox starts over and comes back live', async () => {
    const created = await page.evaluate(
      async ({ csrf: token }) =>
        (
          await fetch('/api/v1/orgs', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': token },
            body: JSON.stringify({ name: 'Second shop' }),
          })
        ).status,
      { csrf },
    );
    expect(created).toBe(201);
    await page.reload();
    await page.getByRole('tab', { name: /Resolved\s*1/ }).waitFor();

    const switcher = page.getByLabel('Organization', { exact: true });
    await switcher.focus();
    await switcher.selectOption({ label: 'Second shop' });
    // Still on the Resolved tab (?status=resolved), now of an organization with no conversations.
    await page.getByText('No resolved conversations').waitFor();
    await page.getByRole('tab', { name: /Resolved\s*0/ }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    // The shell stays put: keyboard focus is still on the switcher.
    expect(await switcher.evaluate((el) => el === document.activeElement)).toBe(true);

    await switcher.selectOption({ label: 'Acme' });
    await page.getByRole('tab', { name: /Resolved\s*1/ }).click();
    await row().waitFor();
  });

  it('lets a viewer read the conversation but not act on it', async () => {
    const { url } = server();
    const invitationJson: unknown = await page.evaluate(
      async ({ csrf: token, org }) =>
        (
          await fetch('/api/v1/invitations', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': token, 'x-parley-org': org },
            body: JSON.stringify({ email: 'viewer@example.test', role: 'viewer' }),
          })
        ).json(),
      { csrf, org: orgId },
    );
    const { url: link } = CreatedInvitation.parse(invitationJson);
    if (!browser) throw new Error('Chromium did not start');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    try {
      const viewer = await context.newPage();
      viewer.on('pageerror', (error) => pageErrors.push(`viewer ${viewer.url()}: ${error.message}`));
      await viewer.goto(link);
      await viewer.getByLabel('Your name').fill('Vic Viewer');
      await viewer.getByLabel('Choose a password').fill('viewer password 123');
      await viewer.getByRole('button', { name: 'Accept invitation' }).click();
      await viewer.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();

      await viewer.goto(`${url}/app/inbox/${conversationId}`);
      await viewer.getByRole('region', { name: 'Messages' }).getByText(reply, { exact: true }).waitFor();
      await viewer.getByText('You can read conversations.').waitFor();
      for (const name of ['Send reply', 'Internal note', 'Assign to me', 'Reopen', 'Resolve']) {
        expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0);
      }
      expect(await viewer.getByRole('textbox').count()).toBe(0);
      expect(await viewer.getByLabel('Assignee').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('pages a long inbox: the newest 50 first, older ones on demand', async () => {
    const { url } = server();
    const total = 55;
    for (let start = 0; start < total; start += 11) {
      await Promise.all(
        Array.from({ length: 11 }, async (_, k) => {
          const n = start + k;
          const resolved = WidgetResolve.parse(await (await fetch(`${url}/widget/v1/bots/${botId}/resolve`, { headers: { origin: shop } })).json());
          const socket = io(`${url}/visitor`, {
            auth: { botId, visitorToken: resolved.visitorToken },
            extraHeaders: { origin: shop },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
          });
          try {
            await new Promise<void>((resolve, reject) => {
              socket.once('connect', resolve);
              socket.once('connect_error', reject);
            });
            const ack: unknown = await socket.timeout(5_000).emitWithAck('message.send', { clientId: `paging-${String(n).padStart(4, '0')}`, body: `Question ${n}` });
            expect(ack).toMatchObject({ ok: true });
          } finally {
            socket.disconnect();
          }
        }),
      );
    }
    await page.goto(`${url}/app/inbox`);
    const rows = page.getByRole('tabpanel').getByRole('link');
    await page.getByRole('tab', { name: /Open\s*50/ }).waitFor();
    expect(await rows.count()).toBe(50);
    const more = page.getByRole('button', { name: 'Load older conversations' });
    await more.click();
    await page.getByRole('tab', { name: /Open\s*55/ }).waitFor();
    expect(await rows.count()).toBe(total);
    // That was the last page: no more button, and every conversation shows once.
    await more.waitFor({ state: 'detached' });
    const names = await rows.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(new Set(names).size).toBe(total);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
