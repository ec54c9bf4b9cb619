import { completeWidgetConfig, type Locale, type WidgetConfig, type WidgetTheme } from '@parley/contracts';
import { LocaleOrEn } from '../../lib/locale-or-en.js';

/** Until releases carry a widget config, every bot looks like this. */
export const DEFAULT_THEME: WidgetTheme = { color: '#4f46e5', position: 'right', launcherText: '' };

export const DEFAULT_GREETING: Record<Locale, string> = {
  en: 'Hi there! How can we help you today?',
  vi: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?',
};

/**
 * A bot's widget before any release: the defaults in the bot's language, with Live Support for premium
 * bots. Served while no release is active, and where a draft "from scratch" starts, so that publishing
 * such a draft changes only what its author changed.
 */
export function baselineWidgetConfig(bot: { locale: string; premium: boolean }): WidgetConfig {
  const locale = LocaleOrEn.parse(bot.locale);
  return completeWidgetConfig({ theme: DEFAULT_THEME, greeting: DEFAULT_GREETING[locale], locale, tabs: { liveSupport: bot.premium } });
}
