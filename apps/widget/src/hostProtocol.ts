import type { HostToFrame, IdentifyPayload, WidgetConfig, WidgetResolve } from '@parley/contracts';
import { readableTextColor } from '@parley/contracts/readable-text-color';
import { isRecord } from './isRecord.js';
import { isLocale, parseRelease, parseWidgetConfig } from './parseWidgetConfig.js';

/**
 * The loader ↔ iframe postMessage protocol, checked by hand (zod would not fit the size
 * budget). Every parser returns a fresh object built from the checked fields only.
 */

export type InitPayload = Extract<HostToFrame, { type: 'init' }>['payload'];

const isShortString = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;

/** A resolve response (from the loader's `init`, or fetched again on `release.changed`), or null. */
export function parseResolve(x: unknown): WidgetResolve | null {
  if (!isRecord(x) || !isRecord(x.bot) || !isRecord(x.theme)) return null;
  const { visitorToken, visitorId, frameUrl, greeting, unread, runtimeUrl } = x;
  const { id, name, locale, premium, requireIdentity } = x.bot;
  const { color, position, launcherText } = x.theme;
  if (typeof visitorToken !== 'string' || visitorToken === '' || visitorToken.length > 512) return null;
  if (typeof visitorId !== 'string' || typeof frameUrl !== 'string' || typeof greeting !== 'string') return null;
  if (typeof unread !== 'number' || !Number.isInteger(unread) || unread < 0) return null;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof premium !== 'boolean' || typeof requireIdentity !== 'boolean') return null;
  if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color) || !isShortString(launcherText, 40)) return null;
  if (position !== 'left' && position !== 'right') return null;
  // A locale this build does not know yet falls back to English rather than breaking the widget.
  const botLocale = isLocale(locale) ? locale : 'en';
  const theme: WidgetConfig['theme'] = { color, position, launcherText };
  // What a server from before releases meant: its theme, greeting and locale; Live Support for premium bots.
  const legacy: WidgetConfig = {
    theme,
    texts: { title: '', placeholder: '', awayMessage: '' },
    greeting,
    tabs: { assistant: true, liveSupport: premium },
    features: { typingIndicator: true, readReceipts: true, simulateCrash: false },
    locale: botLocale,
  };
  const release = parseRelease(x.release);
  const config = parseWidgetConfig(x.config, legacy);
  // No release yet: the bot keeps what it had before releases (Live Support for premium bots).
  if (release === null && premium) config.tabs.liveSupport = true;
  return {
    visitorToken,
    visitorId,
    frameUrl,
    bot: { id, name, locale: botLocale, premium, requireIdentity },
    theme: { ...theme, ink: readableTextColor(color) },
    greeting,
    release,
    config,
    runtimeUrl: isShortString(runtimeUrl, 2048) ? runtimeUrl : '',
    unread,
  };
}

function parseIdentify(x: unknown): IdentifyPayload | null {
  if (!isRecord(x)) return null;
  const { userId, name, email, userHash } = x;
  if (typeof userId !== 'string' || userId === '' || userId.length > 200) return null;
  const out: IdentifyPayload = { userId };
  if (name !== undefined) {
    if (!isShortString(name, 200)) return null;
    out.name = name;
  }
  if (email !== undefined) {
    if (!isShortString(email, 254)) return null;
    out.email = email;
  }
  if (userHash !== undefined) {
    if (typeof userHash !== 'string' || !/^[0-9a-f]{64}$/.test(userHash)) return null;
    out.userHash = userHash;
  }
  return out;
}

/** A message from the loader, or null when it is not one (wrong version, shape or type). */
export function parseHostMessage(data: unknown): HostToFrame | null {
  if (!isRecord(data) || data.parley !== 1) return null;
  const { payload } = data;
  switch (data.type) {
    case 'init': {
      if (!isRecord(payload) || !isShortString(payload.pageUrl, 2048) || typeof payload.open !== 'boolean') return null;
      const resolve = parseResolve(payload.resolve);
      return resolve ? { parley: 1, type: 'init', payload: { resolve, pageUrl: payload.pageUrl, open: payload.open } } : null;
    }
    case 'open':
    case 'close':
    case 'shutdown':
      return { parley: 1, type: data.type };
    case 'identify': {
      const identity = parseIdentify(payload);
      return identity ? { parley: 1, type: 'identify', payload: identity } : null;
    }
    case 'track': {
      if (!isRecord(payload) || typeof payload.name !== 'string' || payload.name === '' || payload.name.length > 100) return null;
      if (payload.props === undefined) return { parley: 1, type: 'track', payload: { name: payload.name } };
      if (!isRecord(payload.props)) return null;
      return { parley: 1, type: 'track', payload: { name: payload.name, props: { ...payload.props } } };
    }
    default:
      return null;
  }
}

/** A postMessage event reduced to what the gate needs. */
export interface HostEvent {
  /** `event.source === window.parent` */
  fromParent: boolean;
  origin: string;
  data: unknown;
}

export interface HostGate {
  /** The host page's origin, pinned by its `init`; null before. */
  origin(): string | null;
  /** The message to act on, or null to ignore the event. */
  accept(event: HostEvent): HostToFrame | null;
}

/**
 * Accepts only the parent window: first a valid `init`, whose origin is pinned; after
 * that only messages from that same origin (and no second `init`).
 */
export function createHostGate(): HostGate {
  let pinned: string | null = null;
  return {
    origin: () => pinned,
    accept({ fromParent, origin, data }) {
      if (!fromParent) return null;
      if (pinned === null) {
        // An opaque origin ("null") could not be answered with a targetOrigin.
        if (!/^https?:\/\/[^/]+$/.test(origin)) return null;
        const message = parseHostMessage(data);
        if (message?.type !== 'init') return null;
        pinned = origin;
        return message;
      }
      if (origin !== pinned) return null;
      const message = parseHostMessage(data);
      return message && message.type !== 'init' ? message : null;
    },
  };
}
