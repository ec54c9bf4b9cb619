import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { completeWidgetConfig, HostToFrame, readableTextColor, WidgetResolve } from '@parley/contracts';
import { launchChromium } from '../../../e2e/chromium.js';

/**
 * The built loader (dist/loader.js) in Debian Chromium, against two tiny servers:
 * a fake Parley (loader, resolve, a frame page that speaks the protocol) on
 * http://127.0.0.1:P and a shop page on another origin, http://localhost:S.
 */

const loaderPath = fileURLToPath(new URL('../dist/loader.js', import.meta.url));

/** The fake bots: `frame: false` is a frame page that never says `ready`; `noRelease`: resolve serves no release. */
const bots: Record<string, { status: number; unread: number; position: 'left' | 'right'; frame: boolean; color?: string; text?: string; noRelease?: boolean }> = {
  'bot-ok': { status: 200, unread: 0, position: 'right', frame: true },
  'bot-unread': { status: 200, unread: 2, position: 'right', frame: true },
  'bot-silent': { status: 200, unread: 0, position: 'right', frame: false },
  'bot-left': { status: 200, unread: 0, position: 'left', frame: true, noRelease: true },
  'bot-off': { status: 404, unread: 0, position: 'right', frame: true },
  'bot-light': { status: 200, unread: 0, position: 'right', frame: true, color: '#ffe14d', text: 'Ask us' },
};
const userHash = 'a'.repeat(64);
const color = '#0a7c5a';

let parleyOrigin = '';
let shopOrigin = '';
/** Every request the fake Parley saw (path + query). */
const parleyRequests: string[] = [];
/** The beacons (POST …/events) the fake Parley received, with their JSON bodies. */
const beacons: Array<{ botId: string; body: unknown }> = [];
const releaseId = '3c9d2e1f-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

function resolveFor(botId: string): WidgetResolve {
  const bot = bots[botId];
  if (!bot) throw new Error(`unknown bot ${botId}`);
  return {
    visitorToken: `vt-${botId}-${parleyRequests.length}`,
    visitorId: '5f0c1a8e-1b2c-4d3e-8f9a-0b1c2d3e4f50',
    frameUrl: `${parleyOrigin}/widget/v1/frame/${botId}`,
    bot: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Helper', locale: 'en', premium: false, requireIdentity: false },
    theme: { color: bot.color ?? color, position: bot.position, launcherText: bot.text ?? '', ink: readableTextColor(bot.color ?? color) },
    greeting: 'Hi there',
    release: bot.noRelease ? null : { id: releaseId, semver: '1.2.3' },
    config: completeWidgetConfig({ theme: { color, position: bot.position }, greeting: 'Hi there' }),
    runtimeUrl: '',
    unread: bot.unread,
  };
}

const nextReleaseId = '7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098';

/**
 * The iframe page: records what it receives, replies `ready` (+ `unread`) to `init`, echoes an `identify` of user
 * `echo` as a `message`. An `identify` of user `switch` answers what a live release change (or a switched visitor)
 * does: the resolve again, with another token, release and theme; of `switch-bad`, one with a frame on another origin.
 */
function framePage(speaks: boolean): string {
  return `<!doctype html><meta charset="utf-8"><title>Parley frame</title><body>chat <input id="reply"><script>
window.received = [];
let resolve = null;
const host = ${JSON.stringify(shopOrigin)};
const send = (type, payload) => parent.postMessage({ parley: 1, type, payload }, host);
addEventListener('message', (e) => {
  if (e.origin !== host || e.source !== parent) return;
  received.push(e.data);
  const m = e.data;
  if (!${String(speaks)}) return;
  if (m.type === 'init') { resolve = m.payload.resolve; send('ready'); send('unread', { count: resolve.unread }); }
  const next = { ...resolve, visitorToken: 'vt-switched', release: { id: ${JSON.stringify(nextReleaseId)}, semver: '2.0.0' },
    theme: { color: '#ffe14d', position: 'left', launcherText: 'New look', ink: '#111111' } };
  if (m.type === 'identify' && m.payload.userId === 'switch') send('resolve', next);
  if (m.type === 'identify' && m.payload.userId === 'switch-bad') send('resolve', { ...next, frameUrl: 'https://evil.example/frame' });
  if (m.type === 'identify' && m.payload.userId === 'echo') send('message', {
    id: '0b6f5f8e-3c1e-4b8a-9a57-6f2b8a4e1c11', conversationId: '7d1c2b7e-2f0f-4d7c-8f5b-3c2a1b0e9d88', seq: 1,
    clientId: null, author: 'bot', authorName: null, body: m.payload.name, internal: false,
    createdAt: new Date().toISOString(),
  });
});
</script>`;
}

/** A page that posts protocol-looking messages to its parent with targetOrigin '*'. */
const evilPage = `<!doctype html><script>
window.received = [];
addEventListener('message', (e) => received.push(e.data));
parent.postMessage({ parley: 1, type: 'open' }, '*');
parent.postMessage({ parley: 1, type: 'unread', payload: { count: 66 } }, '*');
parent.postMessage({ parley: 1, type: 'message', payload: { id: 'x', author: 'agent', body: 'evil' } }, '*');
</script>`;

const nonce = 'shop-nonce';

function shopPage(botId: string, autoboot: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<style nonce="${nonce}">html,body{margin:0;height:100%}main{height:100%;display:grid;place-items:center;font:20px sans-serif}</style>
</head><body><main id="content">The shop</main>
<script nonce="${nonce}">
window.Parley = window.Parley || function(){(Parley.q = Parley.q || []).push(arguments)};
window.events = [];
Parley('on', 'ready', function () { events.push('ready'); });
Parley('on', 'open', function () { events.push('open'); });
Parley('on', 'close', function () { events.push('close'); });
Parley('on', 'message', function (m) { events.push('message:' + m.body); });
Parley('identify', { userId: 'u-1', name: 'Ann', email: 'ann@example.com', userHash: '${userHash}' });
Parley('track', 'page_view', { path: '/' });
Parley('no-such-command');
</script>
<script src="${parleyOrigin}/widget/v1/loader.js" data-bot-id="${botId}"${autoboot ? '' : ' data-parley-autoboot="false"'} async></script>
</body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function parley(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', parleyOrigin);
  parleyRequests.push(url.pathname + url.search);
  const cors = { 'access-control-allow-origin': shopOrigin };
  let match: RegExpMatchArray | null;
  if (url.pathname === '/widget/v1/loader.js') {
    send(res, 200, 'text/javascript', readFileSync(loaderPath, 'utf8'));
  } else if ((match = /^\/widget\/v1\/bots\/([\w-]+)\/resolve$/.exec(url.pathname))) {
    const botId = match[1] ?? '';
    const bot = bots[botId];
    if (!bot || bot.status !== 200) send(res, 404, 'application/problem+json', '{"status":404}', cors);
    else send(res, 200, 'application/json', JSON.stringify(WidgetResolve.parse(resolveFor(botId))), cors);
  } else if (req.method === 'POST' && (match = /^\/widget\/v1\/bots\/([\w-]+)\/events$/.exec(url.pathname))) {
    // navigator.sendBeacon: a text/plain body (a CORS-simple request, no preflight).
    const botId = match[1] ?? '';
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      beacons.push({ botId, body: JSON.parse(text) });
      send(res, 204, 'text/plain', '', cors);
    });
  } else if ((match = /^\/widget\/v1\/frame\/([\w-]+)$/.exec(url.pathname))) {
    send(res, 200, 'text/html', framePage(bots[match[1] ?? '']?.frame ?? false));
  } else if (url.pathname === '/evil') {
    send(res, 200, 'text/html', evilPage);
  } else send(res, 404, 'text/plain', 'not found');
}

function shop(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', shopOrigin);
  // ?csp=1: a strict Content-Security-Policy that allows Parley but no inline styles or scripts.
  const csp: Record<string, string> = url.searchParams.has('csp')
    ? {
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}' ${parleyOrigin}; style-src 'nonce-${nonce}'; connect-src ${parleyOrigin}; frame-src ${parleyOrigin}`,
      }
    : {};
  send(res, 200, 'text/html', shopPage(url.searchParams.get('bot') ?? 'bot-ok', url.searchParams.get('autoboot') !== 'false'), csp);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return (address satisfies AddressInfo).port;
}

const frameRequests = () => parleyRequests.filter((path) => path.startsWith('/widget/v1/frame/'));
const resolveRequests = () => parleyRequests.filter((path) => path.includes('/resolve'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loader (Chromium)', () => {
  let browser: Browser | undefined;
  const servers: Server[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const warnings: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(loaderPath)) throw new Error(`${loaderPath} is missing: run npm run build (or npm run build -w @parley/loader)`);
    const parleyServer = createServer(parley);
    const shopServer = createServer(shop);
    servers.push(parleyServer, shopServer);
    parleyOrigin = `http://127.0.0.1:${await listen(parleyServer)}`;
    // Another origin: another host name (and port).
    shopOrigin = `http://localhost:${await listen(shopServer)}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function open(botId: string, options: { autoboot?: boolean; clock?: boolean; mobile?: boolean; csp?: boolean } = {}): Promise<Page> {
    if (!browser) throw new Error('Chromium did not start');
    const context = await browser.newContext({ viewport: options.mobile ? { width: 390, height: 700 } : { width: 1200, height: 800 } });
    contexts.push(context);
    context.setDefaultTimeout(5_000);
    if (options.clock) await context.clock.install();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${shopOrigin}/?bot=${botId}${options.autoboot === false ? '&autoboot=false' : ''}${options.csp ? '&csp=1' : ''}`);
    return page;
  }

  /** The launcher shows no text here, so it is named after the bot ("Helper"); open or not is aria-expanded. */
  const launcher = (page: Page) => page.getByRole('button', { name: 'Helper' });
  const events = (page: Page): Promise<string[]> => page.evaluate('window.events');
  const widgetFrame = (page: Page): Frame => {
    const frame = page.frame({ url: /\/widget\/v1\/frame\// });
    if (!frame) throw new Error('no widget frame');
    return frame;
  };
  /** What the frame received, each checked against the contract. */
  const received = async (page: Page): Promise<HostToFrame[]> => {
    const messages: unknown[] = await widgetFrame(page).evaluate('window.received');
    return messages.map((message) => HostToFrame.parse(message));
  };
  const postFromFrame = (page: Page, message: unknown) =>
    widgetFrame(page).evaluate(([m, host]) => parent.postMessage(m, host), [message, shopOrigin] as const);
  const launcherHasFocus = (page: Page): Promise<boolean> =>
    page.evaluate(() => document.body.lastElementChild?.shadowRoot?.activeElement?.tagName === 'BUTTON');
  /** The page content is what the center of the viewport hits: nothing covers it. */
  const centerHitsPage = (page: Page): Promise<boolean> =>
    page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.id === 'content');

  describe('a working bot', () => {
    let page: Page;

    it('renders only the launcher until the first interaction', async () => {
      parleyRequests.length = 0;
      page = await open('bot-ok');
      const button = launcher(page);
      await button.waitFor();
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await sleep(300);
      expect(await page.locator('iframe').count()).toBe(0);
      expect(frameRequests()).toEqual([]);
      expect(resolveRequests()).toEqual(['/widget/v1/bots/bot-ok/resolve']);
      expect(await centerHitsPage(page)).toBe(true);

      // Bottom-right, theme color, in a shadow root; the token is kept.
      const box = await button.boundingBox();
      expect(box && box.x > 1000 && box.y > 650).toBe(true);
      expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 124, 90)');
      // The text colour the server chose for it (white on this dark green).
      expect(await button.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
      expect(await page.evaluate(() => document.body.lastElementChild?.shadowRoot?.querySelector('button') != null)).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'))).toMatch(/^vt-bot-ok-/);
      // The unknown command was reported, not thrown.
      expect(warnings.some((w) => w.includes('invalid call'))).toBe(true);
      // One beacon, no widget needed: this page view of the served release, and the snippet's page event.
      await expect.poll(() => beacons.filter((b) => b.botId === 'bot-ok')).toEqual([
        {
          botId: 'bot-ok',
          body: { visitorToken: expect.stringMatching(/^vt-bot-ok-/), releaseId, events: [{ type: 'viewed' }, { type: 'track', name: 'page_view', props: { path: '/' } }] },
        },
      ]);
    });

    it('hovering the launcher loads the hidden frame, which gets init and then the queued calls', async () => {
      await launcher(page).hover();
      await page.locator('iframe[title="Helper"]').waitFor({ state: 'attached' });
      expect(frameRequests()).toEqual(['/widget/v1/frame/bot-ok']);
      await expect.poll(() => events(page)).toEqual(['ready']); // Parley('on', 'ready') was queued before the loader
      expect(await page.locator('iframe').isVisible()).toBe(false); // ready, but not open

      const messages = await received(page);
      expect(messages.map((m) => m.type)).toEqual(['init', 'identify', 'close']);
      expect(messages[0]).toEqual({
        parley: 1,
        type: 'init',
        payload: { resolve: expect.objectContaining({ frameUrl: `${parleyOrigin}/widget/v1/frame/bot-ok` }), pageUrl: `${shopOrigin}/?bot=bot-ok`, open: false },
      });
      expect(messages[1]).toMatchObject({ payload: { userId: 'u-1', name: 'Ann', email: 'ann@example.com', userHash } });
      // With the widget loaded, page events still go straight to Parley (one path, never twice).
      await page.evaluate("Parley('track', 'add_to_cart', { product: 'lotus' })");
      await expect.poll(() => beacons.filter((b) => b.botId === 'bot-ok').length).toBe(2);
      expect(beacons.filter((b) => b.botId === 'bot-ok')[1]?.body).toMatchObject({ releaseId, events: [{ type: 'track', name: 'add_to_cart', props: { product: 'lotus' } }] });
      expect((await received(page)).map((m) => m.type)).not.toContain('track');
    });

    it('open shows the panel above the launcher; close, toggle and the frame update it', async () => {
      const button = launcher(page);
      await button.click();
      const iframe = page.locator('iframe');
      await expect.poll(() => iframe.isVisible()).toBe(true);
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      // The panel fades in (0.2 s): judge its place once it shows.
      await expect
        .poll(async () => {
          const panel = await iframe.boundingBox();
          const launcherBox = await button.boundingBox();
          return Boolean(panel && launcherBox && panel.y + panel.height <= launcherBox.y && panel.width === 380);
        })
        .toBe(true);
      expect((await received(page)).at(-1)).toEqual({ parley: 1, type: 'open' });

      await page.evaluate("Parley('close')");
      await expect.poll(() => iframe.isVisible()).toBe(false);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await page.evaluate("Parley('toggle')");
      await expect.poll(() => iframe.isVisible()).toBe(true);

      // The frame closes itself (its own close button, Escape) while the visitor is in it: focus comes back to the launcher.
      await widgetFrame(page).locator('#reply').click();
      expect(await launcherHasFocus(page)).toBe(false);
      await postFromFrame(page, { parley: 1, type: 'close' });
      await expect.poll(() => iframe.isVisible()).toBe(false);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await launcherHasFocus(page)).toBe(true);

      // Keyboard: Enter and Space on the native button.
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => iframe.isVisible()).toBe(true);
      await page.keyboard.press('Space');
      await expect.poll(() => iframe.isVisible()).toBe(false);
      expect(await events(page)).toEqual(['ready', 'open', 'close', 'open', 'close', 'open', 'close']);
    });

    it('passes frame messages and unread counts on', async () => {
      await page.evaluate("Parley('identify', { userId: 'echo', name: 'hello' })");
      await expect.poll(() => events(page)).toContain('message:hello');
      await postFromFrame(page, { parley: 1, type: 'unread', payload: { count: 5 } });
      await expect.poll(() => page.locator('b[aria-live="polite"]').textContent()).toBe('5');
      // Invalid shapes from the right window are ignored too.
      await postFromFrame(page, { parley: 1, type: 'unread', payload: { count: 'many' } });
      await postFromFrame(page, { parley: 2, type: 'open' });
      await sleep(200);
      expect(await page.locator('b[aria-live="polite"]').textContent()).toBe('5');
      expect(await page.locator('iframe').isVisible()).toBe(false);
    });

    it('ignores messages from other origins and from other windows of the Parley origin', async () => {
      const before = await events(page);
      const delivered = await page.evaluate(
        async ([parleyUrl]) => {
          const seen: string[] = [];
          addEventListener('message', (e) => seen.push(`${e.origin} ${e.source === window ? 'self' : 'frame'}`));
          // Same page (shop origin), another origin (localhost vs 127.0.0.1), and the Parley origin but not the widget frame.
          window.postMessage({ parley: 1, type: 'open' }, '*');
          const evil = [parleyUrl.replace('127.0.0.1', 'localhost') + '/evil', parleyUrl + '/evil'];
          await Promise.all(
            evil.map(
              (src) =>
                new Promise((resolve) => {
                  const frame = document.createElement('iframe');
                  frame.src = src;
                  frame.onload = resolve;
                  document.body.append(frame);
                }),
            ),
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
          return [...new Set(seen)].sort();
        },
        [parleyOrigin] as const,
      );
      // They did arrive: from the page itself, from another origin, and from another Parley-origin window.
      expect(delivered).toEqual([`${parleyOrigin.replace('127.0.0.1', 'localhost')} frame`, `${parleyOrigin} frame`, `${shopOrigin} self`].sort());
      expect(await events(page)).toEqual(before);
      expect(await page.locator('b[aria-live="polite"]').textContent()).toBe('5');
      expect(await page.locator('iframe[title="Helper"]').isVisible()).toBe(false);
      expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    });

    it('shutdown removes the launcher, the frame and the stored token', async () => {
      const before = (await received(page)).length;
      await page.evaluate("Parley('shutdown')");
      expect(await page.locator('button').count()).toBe(0);
      expect(await page.locator('iframe[title="Helper"]').count()).toBe(0);
      expect(await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'))).toBeNull();
      expect(before).toBeGreaterThan(0);
      // Calls after shutdown do nothing (and never throw).
      await page.evaluate("Parley('open'); Parley('on', 'open', 42); Parley()");
      await sleep(200);
      expect(await page.locator('iframe[title="Helper"]').count()).toBe(0);
      expect(await page.locator('button').count()).toBe(0);

      // Booting again (another user signs in) brings the launcher back, and the page's listeners still hear it.
      const readies = (await events(page)).filter((e) => e === 'ready').length;
      await page.evaluate("Parley('boot', { user: { userId: 'u-2', userHash: '" + userHash + "' } })");
      await launcher(page).hover();
      await expect.poll(async () => (await events(page)).filter((e) => e === 'ready').length).toBe(readies + 1);
      expect((await received(page)).find((m) => m.type === 'identify')).toMatchObject({ payload: { userId: 'u-2' } });
    });
  });

  it('ignores the widget frame once it is navigated to another origin, and sends it nothing', async () => {
    const page = await open('bot-ok');
    await launcher(page).hover();
    await expect.poll(() => events(page)).toEqual(['ready']);
    const otherOrigin = parleyOrigin.replace('127.0.0.1', 'localhost');
    // Same iframe, same contentWindow, another origin.
    await widgetFrame(page).evaluate((url) => location.assign(url), `${otherOrigin}/evil`);
    await expect.poll(() => page.frame({ url: `${otherOrigin}/evil` }) != null).toBe(true);
    await page.evaluate("Parley('track', 'secret', { token: 'x' }); Parley('open')");
    await sleep(300);
    expect(await events(page)).toEqual(['ready', 'open']); // 'open' from the page's own call only
    expect(await page.locator('b[aria-live="polite"]').textContent()).toBe('');
    expect(await page.frame({ url: `${otherOrigin}/evil` })?.evaluate('window.received')).toEqual([]);
  });

  it('sends the stored visitor token back on the next page view', async () => {
    parleyRequests.length = 0;
    const page = await open('bot-ok');
    await launcher(page).waitFor();
    const token = await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'));
    expect(token).toBeTruthy();
    await page.reload();
    await launcher(page).waitFor();
    expect(resolveRequests()).toEqual(['/widget/v1/bots/bot-ok/resolve', `/widget/v1/bots/bot-ok/resolve?vt=${token ?? ''}`]);
  });

  it('a light theme gets dark launcher text, and a launcher showing text is named by it', async () => {
    const page = await open('bot-light');
    const button = page.getByRole('button', { name: 'Ask us', exact: true });
    await button.waitFor();
    // No unread messages: the badge takes no room.
    expect(await page.locator('b[aria-live="polite"]').evaluate((el) => el.getBoundingClientRect().width)).toBe(0);
    expect(await button.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(255, 225, 77)', 'rgb(17, 17, 17)']);
    expect(await button.getAttribute('aria-label')).toBe('Ask us');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it("follows the frame's resolve: a live release change redraws the launcher and moves the panel; page events count under it", async () => {
    parleyRequests.length = 0;
    const page = await open('bot-ok');
    await launcher(page).hover();
    await expect.poll(() => events(page)).toEqual(['ready']);
    const token = await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'));

    // A resolve whose frame is not on the Parley origin is ignored, as the first one would be.
    await page.evaluate("Parley('identify', { userId: 'switch-bad' })");
    await sleep(300);
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 124, 90)');
    expect(await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'))).toBe(token);

    await page.evaluate("Parley('identify', { userId: 'switch' })");
    const button = page.getByRole('button', { name: 'New look', exact: true });
    await button.waitFor();
    expect(await button.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(255, 225, 77)', 'rgb(17, 17, 17)']);
    expect((await button.boundingBox())?.x).toBe(20); // theme.position: left now
    expect(await page.evaluate(() => localStorage.getItem('parley:bot-ok:vt'))).toBe('vt-switched');
    // The same frame (not loaded again) opens on the new side.
    await button.click();
    await expect.poll(() => page.locator('iframe').boundingBox()).toMatchObject({ x: 20, width: 380 });
    expect(frameRequests()).toEqual(['/widget/v1/frame/bot-ok']);
    expect(await button.getAttribute('aria-expanded')).toBe('true');

    const before = beacons.length;
    await page.evaluate("Parley('track', 'after_change')");
    await expect.poll(() => beacons.slice(before)).toEqual([
      { botId: 'bot-ok', body: { visitorToken: 'vt-switched', releaseId: nextReleaseId, events: [{ type: 'track', name: 'after_change' }] } },
    ]);
  });

  it('a frame that never says ready covers nothing, and the launcher stays usable', async () => {
    parleyRequests.length = 0;
    warnings.length = 0;
    const page = await open('bot-silent', { clock: true });
    const button = launcher(page);
    await button.click();
    const iframe = page.locator('iframe[title="Helper"]');
    await iframe.waitFor({ state: 'attached' });
    await expect.poll(() => received(page).then((m) => m.map((x) => x.type))).toEqual(['init']);
    expect(await iframe.isVisible()).toBe(false);
    expect(await centerHitsPage(page)).toBe(true);
    // Where the panel would be: still the page.
    expect(await page.evaluate(() => document.elementFromPoint(innerWidth - 200, innerHeight - 300)?.id)).toBe('content');

    // Loaded, but no ready within 3 s of init (what a browser's error page does): the iframe goes, the launcher is closed again.
    await page.clock.runFor(3_500);
    await expect.poll(() => iframe.count()).toBe(0);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(warnings.filter((w) => w.includes('did not load'))).toHaveLength(1);
    expect(await events(page)).toEqual(['open', 'close']);

    // It tries again on the next interaction.
    await button.click();
    await iframe.waitFor({ state: 'attached' });
    expect(frameRequests()).toHaveLength(2);
    expect(await iframe.isVisible()).toBe(false);
    expect(await centerHitsPage(page)).toBe(true);
    // Its second "did not load" must not land in a later test's warnings.
    await page.context().close();
  });

  it('loads the frame at once when the visitor has unread messages (full screen on a phone)', async () => {
    parleyRequests.length = 0;
    const page = await open('bot-unread', { mobile: true });
    await page.locator('iframe[title="Helper"]').waitFor({ state: 'attached' });
    await expect.poll(() => events(page)).toEqual(['ready']);
    const badge = page.locator('b[aria-live="polite"]');
    expect(await badge.textContent()).toBe('2');
    // A 20 px red disc over the launcher's corner.
    expect(await badge.evaluate((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height, getComputedStyle(el).backgroundColor])).toEqual([20, 20, 'rgb(221, 34, 34)']);
    expect(await page.locator('iframe').isVisible()).toBe(false);
    expect(await centerHitsPage(page)).toBe(true);

    await page.evaluate("Parley('open')");
    await expect.poll(() => page.locator('iframe').boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 700 });
  });

  it('waits for boot when data-parley-autoboot="false", and boots with a user', async () => {
    parleyRequests.length = 0;
    const page = await open('bot-left', { autoboot: false });
    await sleep(300);
    expect(resolveRequests()).toEqual([]);
    expect(await page.locator('button').count()).toBe(0);

    await page.evaluate(`Parley('boot', { user: { userId: 'u-2', userHash: '${userHash}' } })`);
    const button = launcher(page);
    await button.waitFor();
    const box = await button.boundingBox();
    expect(box && box.x < 100).toBe(true); // theme.position: left
    await page.keyboard.press('Tab'); // keyboard focus loads the frame too
    expect(await button.evaluate((el) => el.matches(':focus'))).toBe(true);
    await expect.poll(() => events(page)).toEqual(['ready']);
    // The snippet's identify, then boot's user, in call order.
    const messages = await received(page);
    expect(messages.map((m) => m.type)).toEqual(['init', 'identify', 'identify', 'close']);
    expect(messages[2]).toEqual({ parley: 1, type: 'identify', payload: { userId: 'u-2', userHash } });
    // This bot serves no release: its views and page events are not counted, so nothing is sent.
    await page.evaluate("Parley('track', 'add_to_cart')");
    await sleep(300);
    expect(beacons.filter((b) => b.botId === 'bot-left')).toEqual([]);
  });

  it('renders nothing and warns once when the bot is disabled', async () => {
    warnings.length = 0;
    const page = await open('bot-off');
    await expect.poll(() => warnings.filter((w) => w.startsWith('[parley]') && !w.includes('invalid call'))).toHaveLength(1);
    expect(warnings.find((w) => w.includes('widget unavailable'))).toContain('404');
    expect(await page.locator('button').count()).toBe(0);
    expect(await centerHitsPage(page)).toBe(true);
  });

  it('works on a page with a strict CSP (no inline styles allowed)', async () => {
    consoleErrors.length = 0;
    const page = await open('bot-ok', { csp: true });
    const button = launcher(page);
    await button.waitFor();
    expect(await button.evaluate((el) => [getComputedStyle(el).borderRadius, getComputedStyle(el).height])).toEqual(['28px', '56px']);
    await button.click();
    await expect.poll(() => page.locator('iframe').isVisible()).toBe(true);
    expect((await page.locator('iframe').boundingBox())?.width).toBe(380);
    expect(consoleErrors.filter((e) => /content security policy/i.test(e))).toEqual([]);
  });

  it('never threw into the host pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
