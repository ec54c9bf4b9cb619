import { type CompiledRule, type IntentRule, matchRules } from './compile-rules.js';

export type RuleStageResult =
  | { readonly outcome: 'answered'; readonly rule: IntentRule }
  | { readonly outcome: 'handoff'; readonly rule: IntentRule }
  | { readonly outcome: 'no_match' };

/** Rules win when they match; a rule marked handoff (or naming a handoff intent) hands over. */
export function ruleStage(rules: readonly CompiledRule[], text: string, handoffIntents: readonly string[] = []): RuleStageResult {
  const rule = matchRules(rules, text);
  if (!rule) return { outcome: 'no_match' };
  return rule.handoff === true || handoffIntents.includes(rule.intent) ? { outcome: 'handoff', rule } : { outcome: 'answered', rule };
}
