import { identifyPayload, isObject, parseResolve, readFrameEvent, type HostType, type Resolve } from './protocol';

/** Events a page can subscribe to with `Parley('on', event, fn)`. */
export type ParleyEvent = 'ready' | 'open' | 'close' | 'message';
type Listener = (payload?: unknown) => void;

/** The public `window.Parley(command, ...args)`. Never throws. */
export type ParleyApi = (command?: unknown, a?: unknown, b?: unknown) => void;

export interface LoaderOptions {
  /** The Parley origin: the origin of the loader script's own `src`. */
  origin: string;
  botId: string;
}

/** How long the iframe gets to say `ready` before it is removed (the launcher stays). */
export const READY_TIMEOUT_MS = 10_000;
/**
 * Once the frame has loaded (its scripts have run), `ready` follows `init` at once; a frame loaded
 * without it (an error page: browsers fire `load`, not `error`) is given up this much sooner.
 */
export const INIT_TIMEOUT_MS = 3_000;

const isEvent = (v: unknown): v is ParleyEvent => v === 'ready' || v === 'open' || v === 'close' || v === 'message';
const isListener = (v: unknown): v is Listener => typeof v == 'function';

// No aria-hidden needed: the launcher is always named by its aria-label.
const ICON =
  '<svg viewBox="0 0 24 24"><path d="M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z"/></svg>';

const css = (side: string): string =>
  `div{position:fixed;bottom:20px;${side}:20px;z-index:2147483647}` +
  'button{display:flex;align-items:center;gap:8px;min-width:56px;height:56px;padding:0 16px;border:0;border-radius:28px;font:600 15px system-ui;cursor:pointer;box-shadow:0 4px 14px #0004}' +
  'button:focus-visible{outline:3px solid #48f;outline-offset:2px}' +
  'svg{width:24px;fill:currentColor;flex:none}' +
  // The unread badge: at least 20 px wide (10 px of content and 5 px of padding each side); nothing when empty.
  'b{position:absolute;top:-4px;right:-4px;border-radius:10px;background:#d22;color:#fff;font:700 12px/20px system-ui;text-align:center;pointer-events:none}b:not(:empty){min-width:10px;padding:0 5px}' +
  // The panel fills a phone's screen; from 480 px wide it is a 380 × 600 box above the launcher.
  `iframe{display:none;position:fixed;top:0;bottom:0;${side}:0;width:100%;height:100%;border:0;background:#fff;z-index:2147483647}.o{display:block;animation:p .2s}` +
  `@media(min-width:480px){iframe{top:auto;bottom:88px;${side}:20px;width:380px;height:600px;max-width:calc(100% - 40px);max-height:calc(100% - 108px);border-radius:12px;box-shadow:0 8px 30px #0003}}` +
  // A fade only (no movement, so nothing to turn off for reduced motion).
  '@keyframes p{from{opacity:0}}';

/**
 * The loader for one bot: returns the `Parley(...)` function. Nothing is rendered
 * until `boot` (the caller boots at once unless the page asked to wait).
 */
export function createLoader({ origin, botId }: LoaderOptions): ParleyApi {
  const w = window;
  const d = document;
  const key = 'parley:' + botId + ':vt';
  const base = `${origin}/widget/v1/bots/${encodeURIComponent(botId)}/`;
  const warn = (...a: unknown[]): void => console.warn('[parley]', ...a);
  // localStorage may be missing or throw (blocked storage, sandboxed pages).
  const store = (f: (s: Storage) => string | null | void): string | null | void => {
    try {
      return f(w.localStorage);
    } catch {
      return null;
    }
  };

  const listeners: { [K in ParleyEvent]?: Listener[] } = {};
  /** Host → frame messages waiting for the frame's `ready`. */
  let pending: [HostType, unknown][] = [];
  /** Page events from before resolve answered (sent with the page view). */
  const tracks: unknown[] = [];
  /** Bumped by `shutdown`, so a resolve answer that arrives later is dropped. */
  let gen = 0;
  let started = false;
  let ready = false;
  let opened = false;
  let res: Resolve | null = null;
  let host: HTMLElement | null = null;
  let root: ShadowRoot | null = null;
  let button: HTMLButtonElement | null = null;
  let badge: HTMLElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let setStyle: (css: string) => void;

  const emit = (event: ParleyEvent, payload?: unknown): void => {
    for (const fn of listeners[event] || []) {
      try {
        fn(payload);
      } catch (e) {
        warn(e);
      }
    }
  };

  /** Posts to the iframe, only ever to the Parley origin. */
  const post = (type: HostType, payload?: unknown): void => {
    const win = frame && frame.contentWindow;
    try {
      if (win) win.postMessage({ parley: 1, type, payload }, origin);
    } catch (e) {
      warn(e);
    }
  };

  /**
   * Page events (`track`) and the page view itself (`viewed`), reported straight to Parley's beacon endpoint:
   * most page views never load the widget, and exposure and conversions must count for every visitor.
   * Before resolve answers they wait; without a release there is nothing to count them under.
   */
  const report = (...events: unknown[]): void => {
    if (!res) tracks.push(...events);
    else if (res.release) navigator.sendBeacon(base + 'events', JSON.stringify({ visitorToken: res.visitorToken, releaseId: res.release, events }));
  };

  const send = (type: HostType, payload?: unknown): void => {
    if (ready) post(type, payload);
    else pending.push([type, payload]);
  };

  /** The panel is visible only when the frame is ready AND the chat is open. */
  const sync = (): void => {
    if (button) button.setAttribute('aria-expanded', '' + opened);
    if (frame) frame.className = ready && opened ? 'o' : '';
  };

  const setBadge = (n: number): void => {
    if (badge) badge.textContent = n ? (n > 99 ? '99+' : '' + n) : '';
  };

  const setOpen = (value: boolean, fromFrame?: boolean): void => {
    if (value === opened) return;
    opened = value;
    if (value) load();
    sync();
    if (ready && !fromFrame) post(value ? 'open' : 'close');
    emit(value ? 'open' : 'close');
  };

  /** No `ready` in time: drop the iframe; the launcher stays and retries on the next interaction. */
  const fail = (): void => {
    if (ready || !frame) return;
    clearTimeout(timer);
    frame.remove();
    frame = null;
    warn('widget did not load');
    setOpen(false, true);
  };

  /** Creates the (hidden) iframe, once. */
  const load = (): void => {
    const r = res;
    if (frame || !root || !r) return;
    const f = (frame = d.createElement('iframe'));
    f.title = r.name;
    f.src = r.frameUrl;
    f.onload = () => {
      post('init', { resolve: r.data, pageUrl: location.href.slice(0, 2048), open: opened });
      clearTimeout(timer);
      timer = setTimeout(fail, INIT_TIMEOUT_MS);
    };
    timer = setTimeout(fail, READY_TIMEOUT_MS);
    root.appendChild(f);
  };

  const onMessage = (e: MessageEvent): void => {
    const m = readFrameEvent(e, origin, frame && frame.contentWindow);
    if (!m) return;
    if (m.type === 'ready') {
      clearTimeout(timer);
      ready = true;
      const queued = pending;
      pending = [];
      for (const [type, payload] of queued) post(type, payload);
      post(opened ? 'open' : 'close');
      sync();
      emit('ready');
    } else if (m.type === 'unread') setBadge(m.count);
    else if (m.type === 'message') emit('message', m.payload);
    // identify switched to the same person's visitor (another device), or the release changed live: the launcher
    // follows, page events count under the new release, and the next page load resolves as this visitor.
    else if (m.type === 'resolve') paint(m.resolve);
    else {
      // Closed from inside (Escape, its close button): focus comes back to the launcher.
      if (m.type === 'close' && root && root.activeElement === frame && button) button.focus();
      setOpen(m.type === 'open', true);
    }
  };

  /**
   * Keeps a resolve and draws the launcher for it: the first one, and the frame's when the visitor's token or
   * release changed (theme, text and side follow a live release change).
   */
  const paint = (r: Resolve): void => {
    res = r;
    store((s) => s.setItem(key, r.visitorToken));
    setStyle(css(r.left ? 'left' : 'right'));
    if (!button) return;
    button.style.background = r.color;
    button.style.color = r.ink;
    // Its name is what it shows; an icon alone is named after the bot. Open or not: aria-expanded.
    button.innerHTML = ICON;
    button.append(r.text);
    button.setAttribute('aria-label', r.text || r.name);
  };

  const render = (r: Resolve): void => {
    const h = (host = d.createElement('div'));
    const sr = (root = h.attachShadow({ mode: 'open' }));
    sr.innerHTML = '<div><button></button><b aria-live="polite"></b></div>';
    // A constructed sheet is not inline CSS: pages with a strict CSP (no style-src 'unsafe-inline') work too.
    if ('adoptedStyleSheets' in sr) {
      const sheet = new CSSStyleSheet();
      sr.adoptedStyleSheets = [sheet];
      setStyle = (s) => sheet.replaceSync(s);
    } else {
      // (root, not sr: TypeScript's DOM types narrow sr to never here, as every browser they describe has the property.)
      const style = root.appendChild(d.createElement('style'));
      setStyle = (s) => (style.textContent = s);
    }
    const btn = (button = sr.querySelector('button'));
    badge = sr.querySelector('b');
    paint(r);
    if (btn) {
      btn.onclick = () => setOpen(!opened);
      btn.onmouseenter = btn.onfocus = load;
    }
    w.addEventListener('message', onMessage);
    if (d.body) d.body.appendChild(h);
    else d.addEventListener('DOMContentLoaded', () => d.body.appendChild(h));
    setBadge(r.unread);
    sync();
    if (r.unread > 0 || opened) load();
  };

  const boot = (): void => {
    if (started) return;
    started = true;
    const g = ++gen;
    const vt = store((s) => s.getItem(key));
    fetch(`${base}resolve${vt ? '?vt=' + encodeURIComponent(vt) : ''}`)
      .then((response) => {
        if (!response.ok) throw Error('HTTP ' + response.status);
        return response.json();
      })
      .then((json: unknown) => {
        if (g !== gen) return;
        const r = parseResolve(json, origin);
        if (!r) throw Error('bad resolve');
        render(r);
        // The launcher is on screen: this page view saw the release (an A/B test's exposure), with the page's earlier events.
        report({ type: 'viewed' }, ...tracks.splice(0, 49)); // a beacon carries at most 50 events
      })
      .catch((e: unknown) => warn('widget unavailable:', e));
  };

  const shutdown = (): void => {
    if (ready) post('shutdown');
    clearTimeout(timer);
    if (host) host.remove();
    w.removeEventListener('message', onMessage);
    store((s) => s.removeItem(key));
    gen++;
    started = ready = opened = false;
    res = host = root = button = badge = frame = null;
    // The page's `on` listeners stay: booting again (another user signs in) keeps them subscribed.
    pending = [];
    tracks.length = 0;
  };

  /** One command; anything unknown or with bad arguments is reported, never thrown. */
  const run = (command: unknown, a: unknown, b: unknown): void => {
    let user: Record<string, string> | null;
    if (command === 'boot') {
      if (isObject(a) && (user = identifyPayload(a.user))) send('identify', user);
      return boot();
    }
    if (command === 'open' || command === 'close') return setOpen(command === 'open');
    if (command === 'toggle') return setOpen(!opened);
    if (command === 'shutdown') return shutdown();
    if (command === 'identify' && (user = identifyPayload(a))) return send('identify', user);
    if (command === 'track' && typeof a == 'string' && a) return report({ type: 'track', name: a.slice(0, 100), props: isObject(b) ? b : undefined });
    if (command === 'on' && isEvent(a) && isListener(b)) {
      (listeners[a] ||= []).push(b);
      if (a === 'ready' && ready) b();
      return;
    }
    warn('invalid call:', command);
  };

  return (command, a, b) => {
    try {
      run(command, a, b);
    } catch (e) {
      warn(e);
    }
  };
}
