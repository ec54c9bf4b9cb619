import type { FrameToHost, HostToFrame } from '@parley/contracts';

/**
 * The loader's half of the loader ↔ iframe postMessage protocol
 * (`@parley/contracts` widget-protocol), checked by hand: the loader ships no
 * runtime dependencies, so there is no zod here. Only types are imported.
 */

/** A frame → host message, reduced to the fields the loader uses. */
export type FrameMessage =
  | { type: 'ready' | 'open' | 'close' }
  | { type: 'unread'; count: number }
  | { type: 'message'; payload: Record<string, unknown> }
  | { type: 'resolve'; resolve: Resolve };

/** Host → frame message types (from the contract). */
export type HostType = HostToFrame['type'];

// Compile-time only: the loader understands exactly the contract's frame → host types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _FrameTypesMatchContract = Assert<Same<FrameMessage['type'], FrameToHost['type']>>;

/** What the loader reads from `GET /widget/v1/bots/:botId/resolve`. */
export interface Resolve {
  /** The whole response, passed on to the frame in `init` (the frame validates it with zod). */
  data: Record<string, unknown>;
  visitorToken: string;
  /** Absolute; always on the Parley origin. */
  frameUrl: string;
  color: string;
  /** Text colour readable on `color` (the server's WCAG choice). */
  ink: string;
  /** The bot's name: the frame's title, and the launcher's name when it shows no text. */
  name: string;
  left: boolean;
  text: string;
  unread: number;
  /** The served release's id, which page events are counted under ('' without a release: not counted). */
  release: string;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v == 'object' && v !== null && !Array.isArray(v);

const isCount = (v: unknown): v is number => typeof v == 'number' && v >= 0 && v % 1 === 0;

const isString = (v: unknown): v is string => typeof v == 'string';

/**
 * Validates a frame → host message: `{ parley: 1, type, payload }` with the payload
 * fields the loader uses. Anything else is `null` (ignored). `origin` is the Parley origin.
 */
export function parseFrameMessage(data: unknown, origin: string): FrameMessage | null {
  if (!isObject(data) || data.parley !== 1) return null;
  const type = data.type;
  const p = data.payload;
  if (type === 'ready' || type === 'open' || type === 'close') return { type };
  if (type === 'unread') return isObject(p) && isCount(p.count) ? { type, count: p.count } : null;
  if (type === 'message')
    return isObject(p) && isString(p.id) && isString(p.author) && isString(p.body) ? { type, payload: p } : null;
  // The visitor's token or release changed: a resolve, checked as the first one is.
  if (type === 'resolve') {
    const resolve = parseResolve(p, origin);
    return resolve && { type, resolve };
  }
  return null;
}

/** The parts of a `MessageEvent` that decide whether the loader trusts it. */
export interface IncomingEvent {
  origin: string;
  source: unknown;
  data: unknown;
}

/**
 * A message is accepted only from the Parley origin AND from the widget iframe's own
 * window (`frame`: its `contentWindow`, `null` when there is no iframe).
 */
export function readFrameEvent(event: IncomingEvent, origin: string, frame: unknown): FrameMessage | null {
  return frame != null && event.source === frame && event.origin === origin ? parseFrameMessage(event.data, origin) : null;
}

/** Validates the resolve response; `null` when it is unusable. `origin` is the Parley origin. */
export function parseResolve(data: unknown, origin: string): Resolve | null {
  if (!isObject(data) || !isString(data.visitorToken) || !isString(data.frameUrl) || !isCount(data.unread)) return null;
  let frameUrl: URL;
  try {
    frameUrl = new URL(data.frameUrl, origin);
  } catch {
    return null;
  }
  // The frame must live on the Parley origin: that is the only origin messages are accepted from.
  if (frameUrl.origin !== origin) return null;
  const theme = isObject(data.theme) ? data.theme : {};
  const hex = (v: unknown): v is string => isString(v) && /^#[0-9a-f]{6}$/i.test(v);
  return {
    data,
    visitorToken: data.visitorToken,
    frameUrl: frameUrl.href,
    color: hex(theme.color) ? theme.color : '#222',
    ink: hex(theme.ink) ? theme.ink : '#fff',
    name: isObject(data.bot) && isString(data.bot.name) && data.bot.name ? data.bot.name : 'Chat',
    left: theme.position === 'left',
    text: isString(theme.launcherText) ? theme.launcherText.trim() : '',
    unread: data.unread,
    release: isObject(data.release) && isString(data.release.id) ? data.release.id : '',
  };
}

/** Picks the `identify` fields the contract allows; `null` without a `userId`. */
export function identifyPayload(user: unknown): Record<string, string> | null {
  if (!isObject(user) || !isString(user.userId) || !user.userId) return null;
  const out: Record<string, string> = {};
  for (const k of ['userId', 'name', 'email', 'userHash']) {
    const v = user[k];
    if (isString(v)) out[k] = v;
  }
  return out;
}
