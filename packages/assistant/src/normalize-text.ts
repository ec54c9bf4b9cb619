/** Lowercase, strip diacritics (NFKD + combining marks) and map Vietnamese đ/Đ to d; punctuation is kept. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd');
}

/**
 * Text as every matching stage sees it: folded diacritics, apostrophes dropped ("don't" → "dont"),
 * every run of punctuation or whitespace collapsed to one space, trimmed.
 * Vietnamese typed without accents normalizes to the same text as accented Vietnamese.
 */
export function normalizeText(text: string): string {
  return foldDiacritics(text)
    .replace(/['\u2019\u02bc`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Word tokens of the normalized text (digits kept). */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

/** Adjacent token pairs, joined by one space ("free shipping"). */
export function bigrams(tokens: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < tokens.length; i++) pairs.push(`${tokens[i - 1]} ${tokens[i]}`);
  return pairs;
}
