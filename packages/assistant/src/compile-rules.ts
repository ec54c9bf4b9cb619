import { foldDiacritics, normalizeText } from './normalize-text.js';

export type IntentRuleKind = 'exact' | 'keyword' | 'regex';

/** A bot rule: when it matches, its intent wins over the classifier. */
export interface IntentRule {
  readonly kind: IntentRuleKind;
  readonly pattern: string;
  readonly intent: string;
  /** The rule hands the conversation to a person instead of answering. */
  readonly handoff?: boolean;
}

export interface CompiledRule {
  readonly rule: IntentRule;
  /** exact/keyword: the normalized pattern; regex: the compiled expression. */
  readonly matcher: { readonly kind: 'text'; readonly text: string } | { readonly kind: 'regex'; readonly regex: RegExp };
}

export interface RuleError {
  /** Position of the rule in the input list. */
  readonly index: number;
  readonly pattern: string;
  readonly message: string;
}

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly errors: readonly RuleError[];
}

/** Longest pattern accepted. */
export const maxRulePatternLength = 200;
/** Regexes only ever see this many characters of a message. */
export const maxRuleInputLength = 500;

const kindOrder: Record<IntentRuleKind, number> = { exact: 0, keyword: 1, regex: 2 };

/**
 * Validates and compiles rules. Invalid ones (empty, too long, bad or potentially catastrophic regex)
 * are left out and reported in `errors`, so matching never throws.
 * Order of evaluation: exact rules, then keyword rules, then regex rules; within a kind, the given order.
 * Exact and keyword patterns are normalized like messages; regex patterns get diacritics folded and run
 * case-insensitively against the normalized message (letters, digits and single spaces only).
 */
export function compileRules(rules: readonly IntentRule[]): CompiledRules {
  const compiled: { order: number; index: number; value: CompiledRule }[] = [];
  const errors: RuleError[] = [];
  rules.forEach((rule, index) => {
    const fail = (message: string): void => {
      errors.push({ index, pattern: rule.pattern, message });
    };
    if (rule.intent.trim() === '') return fail('The rule has no intent.');
    if (rule.pattern.length > maxRulePatternLength) return fail(`The pattern is longer than ${maxRulePatternLength} characters.`);
    if (rule.kind === 'regex') {
      const source = foldDiacritics(rule.pattern);
      if (source.trim() === '') return fail('The pattern is empty.');
      const unsafe = unsafeRegexReason(source);
      if (unsafe) return fail(unsafe);
      let regex: RegExp;
      try {
        regex = new RegExp(source, 'iu');
      } catch (error) {
        return fail(`Invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
      compiled.push({ order: kindOrder.regex, index, value: { rule, matcher: { kind: 'regex', regex } } });
      return;
    }
    const text = normalizeText(rule.pattern);
    if (text === '') return fail('The pattern is empty.');
    compiled.push({ order: kindOrder[rule.kind], index, value: { rule, matcher: { kind: 'text', text } } });
  });
  compiled.sort((a, b) => a.order - b.order || a.index - b.index);
  return { rules: compiled.map((entry) => entry.value), errors };
}

/** The first rule matching the message, or null. Never throws. */
export function matchRules(rules: readonly CompiledRule[], text: string): IntentRule | null {
  const normalized = normalizeText(text.slice(0, maxRuleInputLength * 4)).slice(0, maxRuleInputLength);
  if (normalized === '') return null;
  const padded = ` ${normalized} `;
  for (const { rule, matcher } of rules) {
    if (matcher.kind === 'text') {
      if (rule.kind === 'exact' ? normalized === matcher.text : padded.includes(` ${matcher.text} `)) return rule;
      continue;
    }
    try {
      if (matcher.regex.test(normalized)) return rule;
    } catch {
      // A regex that fails at run time just does not match.
    }
  }
  return null;
}

/**
 * Rejects the shapes that make backtracking explode: a quantified group that itself contains a quantifier
 * ("(a+)+", "(a|aa)*", "(.*)*"), and backreferences. Conservative on purpose: a rejected but harmless
 * pattern can be rewritten; an accepted catastrophic one would stall the server.
 */
export function unsafeRegexReason(source: string): string | null {
  // Per open group: does it contain a quantifier or an alternation?
  const stack: { quantified: boolean }[] = [];
  let lastGroupQuantified = false;
  let previousWasGroupEnd = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'Backreferences are not allowed.';
      i++;
      previousWasGroupEnd = false;
      continue;
    }
    if (char === '[') {
      // Skip a character class; quantifiers inside it are literal.
      i++;
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++;
        i++;
      }
      previousWasGroupEnd = false;
      continue;
    }
    if (char === '(') {
      stack.push({ quantified: false });
      previousWasGroupEnd = false;
      continue;
    }
    if (char === ')') {
      const group = stack.pop();
      lastGroupQuantified = group?.quantified ?? false;
      const parent = stack[stack.length - 1];
      if (parent && lastGroupQuantified) parent.quantified = true;
      previousWasGroupEnd = true;
      continue;
    }
    const isQuantifier = char === '*' || char === '+' || (char === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)));
    if (char === '|') {
      const top = stack[stack.length - 1];
      if (top) top.quantified = true;
    }
    if (isQuantifier) {
      if (previousWasGroupEnd && lastGroupQuantified) return 'Nested quantifiers (like "(a+)+") are not allowed.';
      const top = stack[stack.length - 1];
      if (top) top.quantified = true;
    }
    previousWasGroupEnd = false;
  }
  return null;
}
