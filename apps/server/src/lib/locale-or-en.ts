import { Locale } from '@parley/contracts';

/** A stored locale, English when unknown. Made once: a zod schema compiles itself on first use. */
export const LocaleOrEn = Locale.catch('en');
