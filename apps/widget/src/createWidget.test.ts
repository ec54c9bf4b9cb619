import { describe, expect, it } from 'vitest';
import { createWidget, type FrameWindow } from './createWidget.js';
import { memoryStorage } from './storage.js';
import { FakeVisitorServer, settle, type FakeSocket } from './test/fakeVisitorServer.js';
import { initMessage } from './test/fixtures.js';

const HOST = 'https://shop.example';

function setup() {
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
    expect(posted.at(-1)).toEqual({ message: { parley: 1, type: 'unread', payload: { count: 0 } }, origin: HOST });
    expect(posted.every((p) => p.origin === HOST)).toBe(true);
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
});
