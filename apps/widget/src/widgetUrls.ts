import type { WidgetResolve } from '@parley/contracts';

/** The Parley origin the frame was served from (the frame URL may be relative to `base`); null when unusable. */
export function parleyOrigin(frameUrl: string, base: string): string | null {
  try {
    const origin = new URL(frameUrl, base).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

const botPath = (origin: string, r: WidgetResolve) => `${origin}/widget/v1/bots/${encodeURIComponent(r.bot.id)}`;

/** `POST` batched analytics beacons. */
export const eventsUrl = (origin: string, r: WidgetResolve): string => `${botPath(origin, r)}/events`;

/** `GET` this visitor's release and config again. */
export const resolveUrl = (origin: string, r: WidgetResolve, visitorToken: string): string =>
  `${botPath(origin, r)}/resolve?vt=${encodeURIComponent(visitorToken)}`;
