import { CreateIntentBody } from '@parley/contracts';
import type { Intent, Locale } from '@parley/contracts';
import { addError, zodIssuesToErrors, type FormErrors } from './formErrors';
import { joinLines, parseLines } from './parseLines';
import { linkRows, quickReplyRows, rowsToLinks, rowsToQuickReplies, type LinkRow, type QuickReplyRow } from './richRows';
import type { FormResult } from './useEditorForm';

export const ruleKinds = ['exact', 'keyword', 'regex'] as const;
export type RuleKind = (typeof ruleKinds)[number];

export const ruleKindLabels: Record<RuleKind, string> = {
  exact: 'Exact message',
  keyword: 'Contains words',
  regex: 'Regular expression',
};

export interface RuleRow {
  kind: RuleKind;
  pattern: string;
}

export interface ResponseRow {
  text: string;
  /** '' = any locale. */
  locale: Locale | '';
  quickReplies: QuickReplyRow[];
  links: LinkRow[];
}

export interface IntentFormValues {
  name: string;
  examplesText: string;
  rules: RuleRow[];
  responses: ResponseRow[];
  handoff: boolean;
}

export const emptyResponse: ResponseRow = { text: '', locale: '', quickReplies: [], links: [] };

export function intentToForm(intent: Intent | null): IntentFormValues {
  if (!intent) return { name: '', examplesText: '', rules: [], responses: [{ ...emptyResponse }], handoff: false };
  return {
    name: intent.name,
    examplesText: joinLines(intent.examples),
    rules: intent.rules.map((r) => ({ kind: r.kind, pattern: r.pattern })),
    responses: intent.responses.map((r) => ({
      text: r.text,
      locale: r.locale ?? '',
      quickReplies: quickReplyRows(r.quickReplies),
      links: linkRows(r.links),
    })),
    handoff: intent.handoff,
  };
}

/**
 * Checks rules before they are sent: a pattern is required and a regular expression must compile
 * with the flags the pipeline uses (`iu`). The server checks again (and refuses patterns that could
 * backtrack catastrophically); its errors are shown on the same rows.
 */
export function validateRules(rules: readonly RuleRow[]): FormErrors {
  const errors: FormErrors = {};
  rules.forEach((rule, index) => {
    if (rule.pattern.trim() === '') {
      addError(errors, `rules.${index}`, 'Enter a pattern or remove this rule.');
      return;
    }
    if (rule.kind !== 'regex') return;
    try {
      new RegExp(rule.pattern, 'iu');
    } catch (error) {
      addError(errors, `rules.${index}`, `Not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return errors;
}

export type IntentFormResult = FormResult<CreateIntentBody>;

/** The request body for the form, or the errors to show next to its fields and rows. */
export function formToIntentBody(values: IntentFormValues): IntentFormResult {
  const candidate = {
    name: values.name.trim(),
    examples: parseLines(values.examplesText),
    rules: values.rules.map((r) => ({ kind: r.kind, pattern: r.pattern.trim() })),
    responses: values.responses.map((r) => ({
      text: r.text,
      ...(r.locale ? { locale: r.locale } : {}),
      ...(r.quickReplies.length > 0 ? { quickReplies: rowsToQuickReplies(r.quickReplies) } : {}),
      ...(r.links.length > 0 ? { links: rowsToLinks(r.links) } : {}),
    })),
    handoff: values.handoff,
  };
  const errors = validateRules(values.rules);
  const parsed = CreateIntentBody.safeParse(candidate);
  if (!parsed.success) {
    for (const [key, message] of Object.entries(zodIssuesToErrors(parsed.error.issues))) {
      // A rule already reported by validateRules needs no second, vaguer message.
      if (!(key in errors)) addError(errors, key, message);
    }
  }
  if (!values.handoff && candidate.responses.length === 0) {
    addError(errors, 'responses', 'Add a response, or tick “Hand off to a person”.');
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, body: parsed.data };
}
