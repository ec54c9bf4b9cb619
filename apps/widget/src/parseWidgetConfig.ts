import type { Locale, WidgetConfig, WidgetResolve } from '@parley/contracts';
import { isRecord } from './isRecord.js';

/**
 * The release's widget config, checked by hand field by field (zod would not fit the size
 * budget). A missing or invalid field takes its value from `fallback`: an old server, or a
 * newer one with a field this build does not know, must never break the widget.
 */

type Release = WidgetResolve['release'];

const isColor = (x: unknown): x is string => typeof x === 'string' && /^#[0-9a-fA-F]{6}$/.test(x);
export const isLocale = (x: unknown): x is Locale => x === 'en' || x === 'vi';

/** A string of at most `max` characters (after trimming, as the server stores it), else `fallback`. */
function text(x: unknown, max: number, fallback: string): string {
  if (typeof x !== 'string') return fallback;
  const t = x.trim();
  return t.length <= max ? t : fallback;
}

const bool = (x: unknown, fallback: boolean): boolean => (typeof x === 'boolean' ? x : fallback);
const record = (x: unknown): Record<string, unknown> => (isRecord(x) ? x : {});

export function parseWidgetConfig(x: unknown, fallback: WidgetConfig): WidgetConfig {
  const c = record(x);
  const theme = record(c.theme);
  const texts = record(c.texts);
  const tabs = record(c.tabs);
  const features = record(c.features);
  const f = fallback;
  const out: WidgetConfig = {
    theme: {
      color: isColor(theme.color) ? theme.color : f.theme.color,
      position: theme.position === 'left' || theme.position === 'right' ? theme.position : f.theme.position,
      launcherText: text(theme.launcherText, 40, f.theme.launcherText),
    },
    texts: {
      title: text(texts.title, 60, f.texts.title),
      placeholder: text(texts.placeholder, 80, f.texts.placeholder),
      awayMessage: text(texts.awayMessage, 500, f.texts.awayMessage),
    },
    greeting: text(c.greeting, 500, f.greeting),
    tabs: { assistant: bool(tabs.assistant, f.tabs.assistant), liveSupport: bool(tabs.liveSupport, f.tabs.liveSupport) },
    features: {
      typingIndicator: bool(features.typingIndicator, f.features.typingIndicator),
      readReceipts: bool(features.readReceipts, f.features.readReceipts),
      simulateCrash: bool(features.simulateCrash, f.features.simulateCrash),
    },
    locale: isLocale(c.locale) ? c.locale : f.locale,
  };
  // At least one tab.
  if (!out.tabs.assistant && !out.tabs.liveSupport) out.tabs.assistant = true;
  return out;
}

/** `{ id, semver }`, or null (no release, or not one this build can read). */
export function parseRelease(x: unknown): Release {
  if (!isRecord(x)) return null;
  const { id, semver } = x;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && typeof semver === 'string' && semver.length <= 32 ? { id, semver } : null;
}
