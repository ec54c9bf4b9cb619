import type { WidgetEvent } from '@parley/contracts';

type TrackEvent = Extract<WidgetEvent, { type: 'track' }>;
type PropValue = string | number | boolean | null;

/** Props kept per event (a page could pass anything; a batch must stay well under the beacon's 64 KB). */
export const MAX_PROPS = 20;

/**
 * The host page's `Parley('track', name, props)` as the events endpoint accepts it: the name
 * trimmed (≤ 100), props reduced to at most 20 scalar values (strings cut to 500, keys ≤ 100),
 * anything else dropped. Null when the name is empty.
 */
export function trackEvent(name: string, props: Record<string, unknown> | undefined): TrackEvent | null {
  const n = name.trim().slice(0, 100);
  if (n === '') return null;
  if (props === undefined) return { type: 'track', name: n };
  const out: Record<string, PropValue> = {};
  let count = 0;
  for (const [key, value] of Object.entries(props)) {
    if (count >= MAX_PROPS) break;
    if (key.length > 100) continue;
    let v: PropValue;
    if (typeof value === 'string') v = value.slice(0, 500);
    else if (typeof value === 'number') v = Number.isFinite(value) ? value : null;
    else if (typeof value === 'boolean' || value === null) v = value;
    else continue;
    out[key] = v;
    count++;
  }
  return { type: 'track', name: n, props: out };
}
