import type { FrameToHost, HostToFrame, Message } from '@parley/contracts';
import { createChatSession, type ChatSession, type VisitorSocket } from './chatSession.js';
import { createHostGate, type InitPayload } from './hostProtocol.js';
import { createOutbox, outboxKey } from './outbox.js';
import type { KeyValueStorage } from './storage.js';
import { createTabMemory } from './tabMemory.js';
import { format, textsFor } from './texts.js';

export interface WidgetView {
  init: InitPayload | null;
  session: ChatSession | null;
  open: boolean;
  /** The host called `shutdown`: show nothing, stay disconnected. */
  shutdown: boolean;
  /** Text for the ARIA live region: the newest incoming message. */
  announcement: string;
}

export interface Widget {
  view: () => WidgetView;
  subscribe: (listener: () => void) => () => void;
  /** The visitor closed the panel inside the frame. */
  close: () => void;
  /** From the browser's online/offline events. */
  setNetwork: (online: boolean) => void;
}

/** The part of `window` the controller uses (a fake in tests). */
export interface FrameWindow {
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  addEventListener(type: 'message', listener: (event: { source: unknown; origin: string; data: unknown }) => void): void;
  readonly document: {
    readonly visibilityState: string;
    title: string;
    documentElement: { lang: string };
    addEventListener(type: 'visibilitychange', listener: () => void): void;
  };
}

export interface WidgetDeps {
  win: FrameWindow;
  storage: KeyValueStorage;
  connect: (init: InitPayload) => VisitorSocket;
  /** `track` from the host: no analytics pipeline yet, kept as the seam for beacons. */
  track?: (name: string, props: Record<string, unknown> | undefined) => void;
}

const PREVIEW_CHARS = 140;

/**
 * The frame's controller: talks to the host page (postMessage, origin pinned by `init`)
 * and owns the chat session; Preact only renders `view()`.
 */
export function createWidget({ win, storage, connect, track }: WidgetDeps): Widget {
  const gate = createHostGate();
  const listeners = new Set<() => void>();
  let view: WidgetView = { init: null, session: null, open: false, shutdown: false, announcement: '' };
  let postedUnread = 0;
  let networkUp = true;

  function update(patch: Partial<WidgetView>): void {
    view = { ...view, ...patch };
    for (const listener of listeners) listener();
  }

  function post(message: FrameToHost): void {
    const origin = gate.origin();
    if (origin !== null) win.parent.postMessage(message, origin);
  }

  function syncVisibility(): void {
    view.session?.setVisible(view.open && win.document.visibilityState === 'visible');
  }

  function announce(init: InitPayload, m: Message): void {
    const texts = textsFor(init.resolve.bot.locale);
    const name = m.author === 'agent' ? (m.authorName ?? texts.agent) : init.resolve.bot.name;
    update({ announcement: format(texts.newMessage, { name, text: m.body.slice(0, PREVIEW_CHARS) }) });
    post({ parley: 1, type: 'message', payload: m });
  }

  function start(init: InitPayload): void {
    const { resolve } = init;
    const key = outboxKey(resolve.bot.id, resolve.visitorId);
    const session = createChatSession({
      socket: connect(init),
      outbox: createOutbox(storage, key),
      tabs: createTabMemory(storage, `${key}:tabs`),
      requireIdentity: resolve.bot.requireIdentity,
      onIncoming: (m) => announce(init, m),
    });
    postedUnread = resolve.unread;
    session.setNetwork(networkUp);
    session.subscribe(() => {
      const { unread, loaded } = session.state();
      if (loaded && unread !== postedUnread) {
        postedUnread = unread;
        post({ parley: 1, type: 'unread', payload: { count: unread } });
      }
      update({});
    });
    win.document.documentElement.lang = resolve.bot.locale;
    win.document.title = resolve.bot.name;
    update({ init, session, open: init.open });
    syncVisibility();
    post({ parley: 1, type: 'ready' });
  }

  function handle(message: HostToFrame): void {
    switch (message.type) {
      case 'init':
        return start(message.payload);
      case 'open':
      case 'close':
        update({ open: message.type === 'open' });
        return syncVisibility();
      case 'identify':
        return view.session?.identify(message.payload);
      case 'track':
        return track?.(message.payload.name, message.payload.props);
      case 'shutdown':
        view.session?.close();
        return update({ session: null, open: false, shutdown: true });
    }
  }

  win.addEventListener('message', (event) => {
    if (view.shutdown) return;
    const message = gate.accept({ fromParent: event.source === win.parent, origin: event.origin, data: event.data });
    if (message) handle(message);
  });
  win.document.addEventListener('visibilitychange', syncVisibility);

  return {
    view: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setNetwork(online) {
      networkUp = online;
      view.session?.setNetwork(online);
    },
    close() {
      if (!view.open) return;
      update({ open: false });
      syncVisibility();
      post({ parley: 1, type: 'close' });
    },
  };
}
