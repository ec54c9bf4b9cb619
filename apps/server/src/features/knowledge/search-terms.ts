import { tokenize } from '@parley/assistant';

/** Longest text folded for one search (characters); longer questions are cut. */
export const maxQueryChars = 1_000;
/** Most distinct words of one question used in a search (3 bits each must fit in a JS number). */
export const maxQueryTerms = 16;

/**
 * The words knowledge search matches on: `normalizeText` tokens (lower case, diacritics removed,
 * đ → d, punctuation dropped) with a trailing English plural "s" dropped ("orders" → "order"),
 * like the in-memory index. Vietnamese syllables never end in "s", so they are unchanged.
 */
export function searchTerms(text: string): string[] {
  return tokenize(text).map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

/**
 * The folded text stored in `search_questions` / `search_answer` / `search_text`: the search terms
 * joined by spaces, so PostgreSQL's 'simple' parser sees exactly the words queries are made of.
 */
export function searchText(...parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map((part) => searchTerms(part).join(' '))
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * The distinct search terms of a question, in order, at most `maxQueryTerms`. Each is made only of
 * letters and digits (normalizeText removes everything else), so it can never be a tsquery operator.
 */
export function queryTerms(question: string): string[] {
  const unique = [...new Set(searchTerms(question.slice(0, maxQueryChars)))];
  return unique.filter((term) => /^[\p{L}\p{N}]+$/u.test(term)).slice(0, maxQueryTerms);
}
