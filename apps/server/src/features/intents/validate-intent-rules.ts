import { compileRules, type CompiledRule, type IntentRule } from '@parley/assistant';
import type { IntentResponseBody } from '@parley/contracts';
import { AppError } from '../../errors/app-error.js';

export interface StoredRule {
  kind: IntentRule['kind'];
  pattern: string;
}

/** The rules of one intent as the pipeline evaluates them: they name the intent and carry its handoff flag. */
export function intentRules(name: string, handoff: boolean, rules: readonly StoredRule[]): IntentRule[] {
  return rules.map((rule) => ({ kind: rule.kind, pattern: rule.pattern, intent: name, handoff }));
}

/** Compiles an intent's rules; an invalid or unsafe one is a 400 naming the rule. */
export function validateIntentRules(name: string, handoff: boolean, rules: readonly StoredRule[]): readonly CompiledRule[] {
  const { rules: compiled, errors } = compileRules(intentRules(name, handoff, rules));
  const first = errors[0];
  if (first) {
    throw new AppError(
      'validation_failed',
      `Rule ${first.index + 1} ("${first.pattern}") is refused: ${first.message}`,
      errors.map((e) => ({ path: `body.rules.${e.index}.pattern`, message: e.message })),
    );
  }
  return compiled;
}

/** Responses that fit a locale: those written for it first, then those for any locale. */
export function responsesFor(responses: readonly IntentResponseBody[], locale: string): IntentResponseBody[] {
  return [...responses.filter((r) => r.locale === locale), ...responses.filter((r) => r.locale === undefined)];
}
