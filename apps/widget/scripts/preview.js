// Visual check of the built frame (not a test): serves dist/ as the Parley origin on one
// port (optionally with a fake `/visitor` Socket.IO namespace) and a host page on another,
// posts `init` like the loader does, and takes Chromium screenshots.
//
//   npm run build -w @parley/widget && node apps/widget/scripts/preview.js [outDir]
/* global window */
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Server } from 'socket.io';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outDir = process.argv[2] ?? '/tmp/parley-widget-shots';
const BOT = '22222222-2222-4222-8222-222222222222';
const CONV = 'c0000000-0000-4000-8000-000000000001';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.map': 'application/json' };

async function sendFile(res, path) {
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * The Parley origin: the frame page, its assets and (optionally) a fake /visitor namespace.
 * `assistant`: a fresh conversation whose bot streams its answers (message.delta) with rich
 * parts, and hands over to a person when asked.
 */
async function parleyServer(withSocket, assistant = false) {
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/widget/v1/frame/')) return void sendFile(res, join(dist, 'index.html'));
    if (path.startsWith('/widget/v1/assets/')) return void sendFile(res, join(dist, 'assets', basename(path)));
    // Without the fake namespace Socket.IO gets a 404, like a server without real-time.
    if (!withSocket || !path.startsWith('/socket.io/')) res.writeHead(404).end();
  });
  const log = [];
  if (withSocket) {
    const io = new Server(http, { serveClient: false });
    const messages = [];
    const at = (i) => new Date(Date.UTC(2025, 0, 1, 9, i)).toISOString();
    const add = (author, body, clientId = null, authorName = null, extra = {}) => {
      const seq = messages.length + 1;
      const m = { id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, conversationId: CONV, seq, clientId, author, authorName, body, internal: false, createdAt: at(seq), ...extra };
      messages.push(m);
      io.of('/visitor').emit('message.created', m);
      return m;
    };
    let humanMode = !assistant;
    if (!assistant) {
      add('visitor', 'Do you ship to Hanoi?', 'seed-client-1');
      add('bot', 'Yes! Delivery to Hanoi takes 2–3 days. Details: https://shop.example/shipping.');
      add('visitor', 'Can I talk to a person about a bulk order? <b>not bold</b> javascript:alert(1)', 'seed-client-2');
      add('agent', "Hi, I'm Linh from the sales team. How many units do you need?", null, 'Linh');
    }
    const conversation = () =>
      messages.length ? { id: CONV, botId: BOT, status: 'open', humanMode, lastSeq: messages.length, visitorReadSeq: 0, agentReadSeq: 0 } : null;
    const answer = (p) => {
      if (/person|human/i.test(p.body)) {
        humanMode = true;
        io.of('/visitor').emit('conversation.updated', { id: CONV, status: 'open', humanMode: true });
        add('bot', 'I am connecting you with our team. Someone will reply here shortly.');
        return;
      }
      const text = 'Returns are free within 30 days <b>if unused</b>. Start one from your order page.';
      const words = text.split(/(?<= )/);
      const streamId = `s-${messages.length}`;
      words.forEach((w, index) => setTimeout(() => io.of('/visitor').emit('message.delta', { conversationId: CONV, streamId, index, text: w }), 200 * index));
      setTimeout(() => {
        add('bot', text, null, null, {
          answeredBy: 'knowledge',
          rich: {
            quickReplies: [{ label: 'Track my order', payload: 'track_order' }, { label: 'Talk to a person' }],
            links: [{ label: 'Start a return', url: 'https://shop.example/returns' }, { label: 'Not a link', url: 'javascript:alert(1)' }],
            sources: [{ title: 'Returns policy', url: 'https://shop.example/policy' }, { title: '<script>FAQ</script>' }],
          },
        });
      }, 200 * words.length + 3_000);
    };
    io.of('/visitor').on('connection', (socket) => {
      log.push({ auth: socket.handshake.auth });
      socket.on('sync', ({ afterSeq }, ack) => {
        log.push({ sync: afterSeq });
        ack({ ok: true, conversation: conversation(), messages: messages.filter((m) => m.seq > afterSeq) });
      });
      socket.on('message.send', (p, ack) => {
        log.push({ send: p });
        if (p.body.includes('slow')) return ack({ ok: false, error: { code: 'rate_limited', message: 'too fast' } });
        const existing = messages.find((m) => m.clientId === p.clientId);
        if (existing) return ack({ ok: true, message: existing, duplicate: true });
        ack({ ok: true, message: add('visitor', p.body, p.clientId), duplicate: false });
        setTimeout(() => {
          if (assistant) answer(p);
          else if (p.tab === 'human') socket.emit('typing', { from: 'agent', typing: true });
          else add('bot', 'Thanks! An answer from the assistant, see https://example.com/help');
        }, 300);
      });
      socket.on('identify', (p, ack) => ack({ ok: true, verified: false }));
      socket.on('typing', () => undefined);
      socket.on('read', (p) => log.push({ read: p }));
    });
  }
  return { port: await listen(http), http, log };
}

function hostPage(frameOrigin, resolve, open) {
  const init = { parley: 1, type: 'init', payload: { resolve, pageUrl: 'http://host.test/product/1', open } };
  return `<!doctype html><html><head><meta name="viewport" content="width=device-width,initial-scale=1"><title>Host</title></head>
<body style="margin:0;font:16px system-ui;background:linear-gradient(#f5f7fb,#dfe6f3);height:100vh">
<h1 style="margin:24px">A shop page</h1><button id="before">Host button</button>
<iframe id="f" title="Chat" src="${frameOrigin}/widget/v1/frame/${BOT}"
  style="position:fixed;bottom:0;right:0;width:min(380px,100vw);height:min(600px,100vh);border:0;box-shadow:0 8px 30px rgb(0 0 0/.2)"></iframe>
<script>
  const f = document.getElementById('f');
  window.events = [];
  addEventListener('message', (e) => { if (e.source === f.contentWindow && e.origin === ${JSON.stringify(frameOrigin)}) window.events.push(e.data); });
  f.addEventListener('load', () => f.contentWindow.postMessage(${JSON.stringify(init)}, ${JSON.stringify(frameOrigin)}));
</script></body></html>`;
}

function resolveFor(frameOrigin, { locale = 'en', premium = false, color = '#0055ff', greeting = '', launcherText = 'We reply in a few minutes', position = 'right' } = {}) {
  return {
    visitorToken: 'vt.preview',
    visitorId: '11111111-1111-4111-8111-111111111111',
    frameUrl: `${frameOrigin}/widget/v1/frame/${BOT}`,
    bot: { id: BOT, name: locale === 'vi' ? 'Cửa hàng Sen' : 'Lotus Shop', locale, premium, requireIdentity: false },
    theme: { color, position, launcherText },
    greeting,
    unread: 0,
  };
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const offline = await parleyServer(false);
  const online = await parleyServer(true);
  let page = { html: '' };
  const host = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html));
  const hostPort = await listen(host);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const errors = [];
  async function shot(name, { server, options, open = true, viewport = { width: 900, height: 640 }, act }) {
    const origin = `http://127.0.0.1:${server.port}`;
    page = { html: hostPage(origin, resolveFor(origin, options), open) };
    const context = await browser.newContext({ viewport });
    const tab = await context.newPage();
    tab.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`${name}: ${m.text()}`));
    tab.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    await tab.goto(`http://127.0.0.1:${hostPort}/`);
    const frame = tab.frameLocator('#f');
    await frame.locator('.panel').waitFor({ state: open ? 'visible' : 'attached' });
    if (act) await act(tab, frame);
    await tab.screenshot({ path: join(outDir, `${name}.png`) });
    const events = await tab.evaluate(() => window.events);
    console.log(name, JSON.stringify(events));
    await context.close();
  }

  await shot('1-connecting-en', { server: offline, options: { greeting: 'Hi <img src=x onerror=alert(1)>! Ask us anything.' } });
  await shot('2-offline-en-typed', {
    server: offline,
    options: {},
    act: async (_tab, frame) => {
      await frame.locator('.conn-offline').waitFor({ timeout: 20_000 });
      await frame.locator('textarea').fill('Is this still in stock?');
      await frame.locator('textarea').press('Enter');
    },
  });
  await shot('3-online-en', {
    server: online,
    options: { color: '#ffd400' },
    act: async (tab, frame) => {
      await frame.locator('.msg').nth(4).waitFor();
      await frame.locator('textarea').fill('Great, thank you! https://example.com/?q=1');
      await frame.locator('button.send').click();
      await frame.locator('.bubble', { hasText: 'An answer from the assistant' }).waitFor();
      const focus = [];
      for (let i = 0; i < 9; i++) {
        await tab.keyboard.press('Tab');
        focus.push(await frame.locator(':focus').evaluate((el) => el.tagName + (el.className ? '.' + el.className : '')));
      }
      console.log('focus order', focus.join(' → '));
    },
  });
  await shot('4-premium-vi-live', {
    server: online,
    options: { locale: 'vi', premium: true, color: '#7b1fa2', greeting: 'Xin chào! Tôi là trợ lý AI.' },
    act: async (_tab, frame) => {
      await frame.locator('[role=tab][aria-selected=true]').waitFor();
      await frame.locator('.msg').nth(2).waitFor();
      await frame.locator('textarea').fill('Khoảng 200 cái ạ');
      await frame.locator('textarea').press('Enter');
      await frame.locator('.typing').waitFor();
    },
  });
  await shot('5-premium-vi-assistant-too-long', {
    server: online,
    options: { locale: 'vi', premium: true, color: '#7b1fa2' },
    act: async (_tab, frame) => {
      await frame.locator('.msg').nth(2).waitFor();
      await frame.locator('#parley-tab-assistant').click();
      await frame.locator('textarea').fill('x'.repeat(4001));
      await frame.locator('button.send').click();
      await frame.locator('.err').waitFor();
    },
  });
  await shot('6-mobile-rate-limited', {
    server: online,
    options: { color: '#00796b' },
    viewport: { width: 360, height: 640 },
    act: async (_tab, frame) => {
      await frame.locator('.msg').nth(4).waitFor();
      await frame.locator('textarea').fill('slow down please');
      await frame.locator('textarea').press('Enter');
      await frame.locator('.err').waitFor();
    },
  });
  await shot('7-closed-unread', {
    server: online,
    options: {},
    open: false,
    act: async (tab) => {
      await tab.waitForFunction(() => window.events.some((e) => e.type === 'unread'));
    },
  });
  const assistant = await parleyServer(true, true);
  await shot('8-assistant-streaming', {
    server: assistant,
    options: {},
    act: async (_tab, frame) => {
      await frame.locator('textarea').fill('Can I return shoes?');
      await frame.locator('textarea').press('Enter');
      await frame.locator('[data-streaming]').waitFor();
      await frame.locator('[data-streaming]', { hasText: 'within 30' }).waitFor();
      console.log('streaming bubble', await frame.locator('[data-streaming]').evaluate((el) => el.outerHTML));
    },
  });
  await shot('9-assistant-quick-replies', {
    server: assistant,
    options: {},
    act: async (_tab, frame) => {
      await frame.locator('[data-quick-reply]').first().waitFor({ timeout: 20_000 });
      console.log('streaming left', await frame.locator('[data-streaming]').count());
      console.log('anchors', JSON.stringify(await frame.locator('.bubble a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.target, a.rel]))));
      console.log('live region', await frame.locator('[aria-live]').textContent());
    },
  });
  await shot('10-assistant-handoff', {
    server: assistant,
    options: {},
    act: async (tab, frame) => {
      await frame.locator('[data-quick-reply]').first().waitFor({ timeout: 20_000 });
      await frame.locator('[data-quick-reply]', { hasText: 'Talk to a person' }).focus();
      await tab.keyboard.press('Enter');
      await frame.locator('[data-handoff-note]').waitFor();
      await frame.locator('.bubble', { hasText: 'connecting you' }).waitFor();
      console.log('quick replies left', await frame.locator('[data-quick-reply]').count(), 'focus', await frame.locator(':focus').evaluate((el) => el.tagName));
    },
  });
  console.log('assistant sends', JSON.stringify(assistant.log.filter((l) => l.send).map((l) => l.send)));
  console.log('server log', JSON.stringify(online.log.slice(0, 6)));
  console.log('console errors/warnings:', errors.length ? errors : 'none');
  await browser.close();
  for (const s of [offline.http, online.http, assistant.http, host]) s.close();
  process.exit(0);
}

await main();
