import type { Locale, WidgetTheme } from '@parley/contracts';

/** Until releases carry a widget config, every bot looks like this. */
export const DEFAULT_THEME: WidgetTheme = { color: '#4f46e5', position: 'right', launcherText: '' };

export const DEFAULT_GREETING: Record<Locale, string> = {
  en: 'Hi there! How can we help you today?',
  vi: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?',
};
