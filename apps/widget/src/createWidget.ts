import type { FrameToHost, HostToFrame, Message } from '@parley/contracts';
import type { Beacons } from './beacons.js';
import { createChatSession, type ChatSession, type VisitorSocket } from './chatSession.js';
import { createHostGate, parseResolve, type InitPayload } from './hostProtocol.js';
import { isRecord } from './isRecord.js';
import { createOutbox, outboxKey } from './outbox.js';
import type { KeyValueStorage } from './storage.js';
import { createTabMemory } from './tabMemory.js';
import { format, textsFor } from './texts.js';
import { trackEvent } from './trackEvent.js';
import { eventsUrl, parleyOrigin, resolveUrl } from './widgetUrls.js';

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
  /**
   * A preview link opened on its own (no host page): shows that release, open, without
   * analytics beacons and without following `release.changed`.
   */
  preview: (init: InitPayload) => void;
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
  /** Per-release analytics (loaded, opened, message_sent, track; errors are added by the error reporter). */
  beacons?: Beacons;
  /** GET a URL of the Parley origin as JSON (the resolve endpoint, on `release.changed`). */
  fetchJson?: (url: string) => Promise<unknown>;
  /** Milliseconds since the frame started loading (`performance.now()`), for the `loaded` event. */
  now?: () => number;
  /** The frame's own URL: a relative frame URL is resolved against it. */
  baseUrl?: string;
  /** Spreads the resolve requests of every open widget after a deploy over up to this long. */
  refetchJitterMs?: number;
}

const PREVIEW_CHARS = 140;

/**
 * The frame's controller: talks to the host page (postMessage, origin pinned by `init`)
 * and owns the chat session; Preact only renders `view()`.
 */
export function createWidget({ win, storage, connect, beacons, fetchJson, now, baseUrl = 'https://invalid.invalid/', refetchJitterMs = 3_000 }: WidgetDeps): Widget {
  const gate = createHostGate();
  const listeners = new Set<() => void>();
  let view: WidgetView = { init: null, session: null, open: false, shutdown: false, announcement: '' };
  let postedUnread = 0;
  let networkUp = true;
  let opened = false;
  /** The visitor's current token (identify may switch to the same person's other one). */
  let visitorToken = '';
  let origin: string | null = null;
  /** Bumped per `release.changed`: only the newest resolve answer is applied. */
  let refetches = 0;
  let previewing = false;

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

  function announce(m: Message): void {
    const init = view.init;
    if (!init) return;
    const texts = textsFor(init.resolve.config.locale);
    const name = m.author === 'agent' ? (m.authorName ?? texts.agent) : init.resolve.bot.name;
    update({ announcement: format(texts.newMessage, { name, text: m.body.slice(0, PREVIEW_CHARS) }) });
    post({ parley: 1, type: 'message', payload: m });
  }

  /** Beacons go to the release this visitor runs; none when the bot has published none. */
  function target(): void {
    const resolve = view.init?.resolve;
    if (!resolve) return;
    const { release } = resolve;
    beacons?.setTarget(release && origin !== null && !previewing ? { url: eventsUrl(origin, resolve), visitorToken, releaseId: release.id } : null);
  }

  function markOpened(): void {
    // Once per page load: the open rate is the share of loads in which the visitor opened the chat.
    if (!view.open || opened) return;
    opened = true;
    beacons?.add({ type: 'opened' });
  }

  /**
   * The host keeps the visitor's token (identify may switch it) and draws the launcher for the release (it may
   * change live): both come from the resolve the frame runs.
   */
  function postResolve(): void {
    const resolve = view.init?.resolve;
    if (resolve) post({ parley: 1, type: 'resolve', payload: { ...resolve, visitorToken } });
  }

  /** `release.changed`: fetch this visitor's release again and re-render with its config; the chat stays. */
  function refetch(): void {
    const r = view.init?.resolve;
    if (!r || !fetchJson || origin === null || previewing) return;
    const url = resolveUrl(origin, r, visitorToken);
    const n = ++refetches;
    setTimeout(() => {
      if (n !== refetches || view.shutdown) return;
      fetchJson(url)
        .then((json) => {
          const next = parseResolve(json);
          const init = view.init;
          if (n !== refetches || view.shutdown || !next || !init || next.bot.id !== init.resolve.bot.id) return;
          const { release, config, theme, greeting, runtimeUrl } = next;
          update({ init: { ...init, resolve: { ...init.resolve, release, config, theme, greeting, runtimeUrl } } });
          target();
          postResolve();
        })
        .catch(() => undefined);
    }, Math.random() * refetchJitterMs);
  }

  function start(init: InitPayload): void {
    const { resolve } = init;
    visitorToken = resolve.visitorToken;
    origin = parleyOrigin(resolve.frameUrl, baseUrl);
    view = { ...view, init };
    target();
    const loadTimeMs = Math.round(now?.() ?? 0);
    beacons?.add({ type: 'loaded', loadTimeMs: Math.min(Math.max(loadTimeMs, 0), 600_000) });
    if (resolve.config.features.simulateCrash) {
      // Fault injection (a release made to rehearse rollback): an uncaught error, as a real bug would throw.
      setTimeout(() => {
        throw new Error('Simulated crash (release config features.simulateCrash)');
      }, 0);
    }
    const key = outboxKey(resolve.bot.id, resolve.visitorId);
    const socket = connect(init);
    socket.on('release.changed', (payload) => {
      if (isRecord(payload) && payload.botId === resolve.bot.id) refetch();
    });
    const session = createChatSession({
      socket,
      outbox: createOutbox(storage, key),
      tabs: createTabMemory(storage, `${key}:tabs`),
      requireIdentity: resolve.bot.requireIdentity,
      onIncoming: announce,
      onSent: () => beacons?.add({ type: 'message_sent' }),
      onVisitorToken: (token) => {
        visitorToken = token;
        target();
        postResolve();
      },
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
    win.document.documentElement.lang = resolve.config.locale;
    win.document.title = resolve.bot.name;
    update({ init, session, open: init.open });
    markOpened();
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
        markOpened();
        return syncVisibility();
      case 'identify':
        return view.session?.identify(message.payload);
      case 'track': {
        const event = trackEvent(message.payload.name, message.payload.props);
        return void (event && beacons?.add(event));
      }
      case 'shutdown':
        view.session?.close();
        beacons?.flush();
        return update({ session: null, open: false, shutdown: true });
    }
  }

  win.addEventListener('message', (event) => {
    if (view.shutdown || previewing) return;
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
    preview(init) {
      if (view.init || view.shutdown) return;
      previewing = true;
      start(init);
    },
    close() {
      if (!view.open || previewing) return;
      update({ open: false });
      syncVisibility();
      post({ parley: 1, type: 'close' });
    },
  };
}
