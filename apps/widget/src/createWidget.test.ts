import { completeWidgetConfig, readableTextColor, WidgetEventBatch, type WidgetConfig, type WidgetResolve } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { createBeacons } from './beacons.js';
import { createWidget, type FrameWindow, type WidgetDeps } from './createWidget.js';
import { isRecord } from './isRecord.js';
import { memoryStorage } from './storage.js';
import { FakeVisitorServer, settle, type FakeSocket } from './test/fakeVisitorServer.js';
import { initMessage, resolve } from './test/fixtures.js';

const HOST = 'https://shop.example';

function setup(deps: Partial<WidgetDeps> = {}) {
  const posted: { message: unknown; origin: string }[] = [];
  const listeners: ((event: { source: unknown; origin: string; data: unknown }) => void)[] = [];
  const visibility: (() => void)[] = [];
  const parent = { postMessage: (message: unknown, origin: string) => void posted.push({ message, origin }) };
  const win: FrameWindow = {
    parent,
    addEventListener: (_type, listener) => void listeners.push(listener),
    document: { visibilityState: 'visible', title: '', documentElement: { lang: '' }, addEventListener: (_type, l) => void visibility.push(l) },
  };
  const server = new FakeVisitorServer();
  const sockets: FakeSocket[] = [];
  const connected: unknown[] = [];
  const widget = createWidget({
    win,
    storage: memoryStorage(),
    connect: (init) => {
      connected.push(init);
      const socket = server.socket();
      sockets.push(socket);
      return socket;
    },
    ...deps,
  });
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) => listeners.forEach((l) => l({ source, origin, data }));
  return { widget, win, posted, deliver, server, sockets, connected };
}

describe('widget controller (host ↔ frame)', () => {
  it('waits for a valid init from the parent, pins its origin and answers ready to it only', () => {
    const { widget, posted, deliver, connected, win } = setup();
    deliver({ parley: 1, type: 'open' });
    deliver(initMessage(), HOST, {});
    deliver({ parley: 1, type: 'init' });
    expect(widget.view().init).toBeNull();
    expect(posted).toEqual([]);
    deliver(initMessage({}, true));
    expect(widget.view()).toMatchObject({ open: true, shutdown: false });
    expect(connected).toHaveLength(1);
    expect(posted).toEqual([{ message: { parley: 1, type: 'ready' }, origin: HOST }]);
    expect(win.document.documentElement.lang).toBe('en');
  });

  it('ignores commands from other origins or windows once pinned', () => {
    const { widget, deliver } = setup();
    deliver(initMessage());
    deliver({ parley: 1, type: 'open' }, 'https://evil.example');
    deliver({ parley: 1, type: 'open' }, HOST, {});
    expect(widget.view().open).toBe(false);
    deliver({ parley: 1, type: 'open' });
    expect(widget.view().open).toBe(true);
    deliver({ parley: 1, type: 'close' });
    expect(widget.view().open).toBe(false);
  });

  it('tells the host when the visitor closes the panel', () => {
    const { widget, posted, deliver } = setup();
    deliver(initMessage({}, true));
    widget.close();
    expect(widget.view().open).toBe(false);
    expect(posted.at(-1)).toEqual({ message: { parley: 1, type: 'close' }, origin: HOST });
  });

  it('reports unread counts and new bot/agent messages to the host, and announces them', async () => {
    const { widget, posted, deliver, server, sockets } = setup();
    deliver(initMessage({ unread: 0 }));
    sockets[0]?.connect();
    await settle();
    const m = server.append('agent', 'Hello from Ann', null, 'Ann');
    expect(posted.slice(1)).toEqual([
      { message: { parley: 1, type: 'message', payload: m }, origin: HOST },
      { message: { parley: 1, type: 'unread', payload: { count: 1 } }, origin: HOST },
    ]);
    expect(widget.view().announcement).toBe('New message from Ann: Hello from Ann');
    deliver({ parley: 1, type: 'open' });
    // The panel mounts and says what it shows (here: one view of everything); then it is read.
    widget.view().session?.setViewTab(null);
    expect(posted.at(-1)).toEqual({ message: { parley: 1, type: 'unread', payload: { count: 0 } }, origin: HOST });
    expect(posted.every((p) => p.origin === HOST)).toBe(true);
  });

  it('announces a streamed bot answer once, when its final message arrives (not every piece)', async () => {
    const { widget, posted, deliver, server, sockets } = setup();
    deliver(initMessage({}, true));
    sockets[0]?.connect();
    await settle();
    server.append('visitor', 'Do you ship abroad?', 'client-0001');
    const announcements: string[] = [];
    widget.subscribe(() => announcements.push(widget.view().announcement));
    for (const [index, text] of ['We ', 'ship ', 'worldwide.'].entries()) {
      server.emit('message.delta', { conversationId: 'c0000000-0000-4000-8000-000000000001', streamId: 's1', index, text });
    }
    expect(widget.view().session?.state().streaming.map((s) => s.text)).toEqual(['We ship worldwide.']);
    expect(new Set(announcements)).toEqual(new Set(['']));
    const postedBefore = posted.length;
    server.append('bot', 'We ship worldwide.');
    expect(widget.view().announcement).toBe('New message from Shop helper: We ship worldwide.');
    expect(new Set(announcements.filter(Boolean))).toEqual(new Set(['New message from Shop helper: We ship worldwide.']));
    expect(posted.slice(postedBefore).filter((p) => isRecord(p.message) && p.message.type === 'message')).toHaveLength(1);
    expect(widget.view().session?.state().streaming).toEqual([]);
  });

  it('passes identify on to the server and stops on shutdown', async () => {
    const { widget, deliver, server, sockets } = setup();
    deliver(initMessage());
    sockets[0]?.connect();
    await settle();
    deliver({ parley: 1, type: 'identify', payload: { userId: 'user-1', name: 'Ann' } });
    await settle();
    expect(server.log.find((l) => l.event === 'identify')?.payload).toEqual({ userId: 'user-1', name: 'Ann' });
    deliver({ parley: 1, type: 'shutdown' });
    expect(widget.view()).toMatchObject({ shutdown: true, session: null });
    expect(sockets[0]?.closed).toBe(true);
    deliver({ parley: 1, type: 'open' });
    expect(widget.view().open).toBe(false);
  });

  it('hands the host the token of the visitor identify continued as (in its resolve), so the next page load resolves as them', async () => {
    const { posted, deliver, server, sockets } = setup();
    deliver(initMessage());
    sockets[0]?.connect();
    await settle();
    server.identifyToken = 'vt.other-device';
    deliver({ parley: 1, type: 'identify', payload: { userId: 'user-1', userHash: 'a'.repeat(64) } });
    await settle();
    expect(sockets[0]?.token).toBe('vt.other-device');
    expect(posted.filter((p) => isRecord(p.message) && p.message.type === 'resolve')).toEqual([
      { message: { parley: 1, type: 'resolve', payload: resolve({ visitorToken: 'vt.other-device' }) }, origin: HOST },
    ]);
  });
});

const RELEASE = { id: '33333333-3333-4333-8333-333333333333', semver: '1.0.0' };
const NEXT = { id: '44444444-4444-4444-8444-444444444444', semver: '1.1.0' };
const EVENTS_URL = 'https://parley.example/widget/v1/bots/22222222-2222-4222-8222-222222222222/events';

function withBeacons(extra: Partial<WidgetDeps> = {}) {
  const sent: { url: string; batch: WidgetEventBatch }[] = [];
  const beacons = createBeacons((url, body) => sent.push({ url, batch: WidgetEventBatch.parse(JSON.parse(body)) }));
  const t = setup({ beacons, now: () => 321.4, ...extra });
  const events = () => {
    beacons.flush();
    return sent.flatMap((s) => s.batch.events.map((e) => ({ releaseId: s.batch.releaseId, ...e })));
  };
  return { ...t, sent, events };
}

describe('widget controller: release config and beacons', () => {
  it('uses the release config from init (locale included)', () => {
    const config: WidgetConfig = completeWidgetConfig({ locale: 'vi', texts: { title: 'Hỗ trợ' }, tabs: { liveSupport: true } });
    const { widget, deliver, win } = setup();
    deliver(initMessage({ release: RELEASE, config }));
    expect(widget.view().init?.resolve).toMatchObject({ release: RELEASE, config });
    expect(win.document.documentElement.lang).toBe('vi');
  });

  it('reports loaded, opened (once per page), message_sent and track for the visitor\'s release', async () => {
    const { widget, deliver, sockets, sent, events } = withBeacons();
    deliver(initMessage({ release: RELEASE }));
    sockets[0]?.connect();
    await settle();
    deliver({ parley: 1, type: 'open' });
    deliver({ parley: 1, type: 'close' });
    deliver({ parley: 1, type: 'open' });
    expect(widget.view().session?.send('Hello', 'assistant')).toBe('sent');
    deliver({ parley: 1, type: 'track', payload: { name: 'purchase', props: { total: 42, items: [1] } } });
    deliver({ parley: 1, type: 'track', payload: { name: '  ' } });
    expect(events()).toEqual([
      { releaseId: RELEASE.id, type: 'loaded', loadTimeMs: 321 },
      { releaseId: RELEASE.id, type: 'opened' },
      { releaseId: RELEASE.id, type: 'message_sent' },
      { releaseId: RELEASE.id, type: 'track', name: 'purchase', props: { total: 42 } },
    ]);
    expect(sent.every((s) => s.url === EVENTS_URL && s.batch.visitorToken === 'vt.signed')).toBe(true);
  });

  it('counts an init that opens the panel as opened', () => {
    const { deliver, events } = withBeacons();
    deliver(initMessage({ release: RELEASE }, true));
    expect(events().map((e) => e.type)).toEqual(['loaded', 'opened']);
  });

  it('sends no beacons when the bot has no release', () => {
    const { deliver, sent, events } = withBeacons();
    deliver(initMessage({ release: null }, true));
    deliver({ parley: 1, type: 'track', payload: { name: 'purchase' } });
    expect(events()).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('on release.changed fetches resolve again and re-renders with the new config, keeping the chat and the socket', async () => {
    const fetched: string[] = [];
    const nextConfig = completeWidgetConfig({ theme: { color: '#ff0000' }, greeting: 'New greeting', features: { typingIndicator: false } });
    const nextTheme: WidgetResolve['theme'] = { color: '#ff0000', position: 'left', launcherText: 'Ask us', ink: readableTextColor('#ff0000') };
    let answer: unknown = resolve({ release: NEXT, config: nextConfig, theme: nextTheme, visitorToken: 'vt.renewed' });
    const { widget, deliver, server, sockets, connected, events, posted } = withBeacons({
      refetchJitterMs: 0,
      fetchJson: async (url) => {
        fetched.push(url);
        return answer;
      },
    });
    deliver(initMessage({ release: RELEASE }));
    sockets[0]?.connect();
    await settle();
    server.append('bot', 'Earlier answer');
    widget.view().session?.send('My question', 'assistant');
    await settle();
    const session = widget.view().session;
    const before = session?.state().messages;
    expect(before?.map((m) => m.body)).toEqual(['Earlier answer', 'My question']);

    sockets[0]?.serverEmit('release.changed', { botId: 'another-bot' });
    await settle();
    expect(fetched).toEqual([]);

    sockets[0]?.serverEmit('release.changed', { botId: resolve().bot.id });
    await settle();
    expect(fetched).toEqual(['https://parley.example/widget/v1/bots/22222222-2222-4222-8222-222222222222/resolve?vt=vt.signed']);
    const view = widget.view();
    expect(view.init?.resolve.release).toEqual(NEXT);
    expect(view.init?.resolve.config).toEqual(nextConfig);
    // Same session, same messages, same socket: nothing reconnected.
    expect(view.session).toBe(session);
    expect(view.session?.state().messages).toEqual(before);
    expect(connected).toHaveLength(1);
    expect(sockets[0]?.closed).toBe(false);
    expect(view.init?.resolve.visitorToken).toBe('vt.signed');
    // The host page hears of it, so the launcher follows (theme, text, side) and page events count under NEXT.
    const resolves = () => posted.filter((p) => isRecord(p.message) && p.message.type === 'resolve');
    expect(resolves()).toEqual([
      {
        message: { parley: 1, type: 'resolve', payload: resolve({ release: NEXT, config: nextConfig, theme: nextTheme }) },
        origin: HOST,
      },
    ]);

    widget.view().session?.send('After the change', 'assistant');
    expect(events().map((e) => `${e.releaseId === NEXT.id ? 'next' : 'old'}:${e.type}`)).toEqual(['old:loaded', 'old:message_sent', 'next:message_sent']);

    // A junk answer changes nothing.
    answer = { nope: true };
    sockets[0]?.serverEmit('release.changed', { botId: resolve().bot.id });
    await settle();
    expect(widget.view().init?.resolve.release).toEqual(NEXT);
    expect(resolves()).toHaveLength(1);
  });
});

describe('widget controller: preview link opened on its own', () => {
  it('shows the previewed release open, sends no beacons, ignores release.changed and host messages', async () => {
    const fetched: string[] = [];
    const { widget, deliver, sockets, posted, events } = withBeacons({
      refetchJitterMs: 0,
      fetchJson: async (url) => void fetched.push(url),
    });
    widget.preview(initMessage({ release: NEXT }, true).payload);
    expect(widget.view()).toMatchObject({ open: true, init: { resolve: { release: NEXT } } });
    sockets[0]?.connect();
    await settle();
    widget.view().session?.send('Looks good?', 'assistant');
    sockets[0]?.serverEmit('release.changed', { botId: resolve().bot.id });
    deliver(initMessage({ release: RELEASE }));
    widget.close();
    await settle();
    expect(fetched).toEqual([]);
    expect(events()).toEqual([]);
    expect(posted).toEqual([]);
    expect(widget.view()).toMatchObject({ open: true, init: { resolve: { release: NEXT } } });
  });
});
