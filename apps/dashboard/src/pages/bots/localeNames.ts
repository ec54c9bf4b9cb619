import type { Locale } from '@parley/contracts';

export const localeNames: Record<Locale, string> = {
  en: 'English',
  vi: 'Tiếng Việt (Vietnamese)',
};
