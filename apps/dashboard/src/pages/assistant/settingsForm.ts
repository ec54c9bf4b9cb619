import { UpdateAssistantSettingsBody, locales } from '@parley/contracts';
import type { AssistantMode, AssistantSettings, Locale } from '@parley/contracts';
import { addError, zodIssuesToErrors, type FormErrors } from './formErrors';

export const wordingKeys = ['handoff', 'fallback', 'talkToPerson'] as const;
export type WordingKey = (typeof wordingKeys)[number];
export type WordingForm = Record<Locale, Record<WordingKey, string>>;

export interface SettingsFormValues {
  mode: AssistantMode;
  intentThreshold: string;
  knowledgeThreshold: string;
  llmEnabled: boolean;
  llmBaseUrl: string;
  llmModel: string;
  /** A new key to store; empty keeps the stored one. */
  llmApiKey: string;
  llmMonthlyTokenBudget: string;
  workflowUrl: string;
  messages: WordingForm;
}

function wordingToForm(messages: AssistantSettings['messages']): WordingForm {
  const form: WordingForm = {
    en: { handoff: '', fallback: '', talkToPerson: '' },
    vi: { handoff: '', fallback: '', talkToPerson: '' },
  };
  for (const locale of locales) {
    for (const key of wordingKeys) form[locale][key] = messages[locale]?.[key] ?? '';
  }
  return form;
}

/** Overrides actually written: blank ones are left out (the built-in wording applies). */
function formToWording(form: WordingForm): AssistantSettings['messages'] {
  const messages: AssistantSettings['messages'] = {};
  for (const locale of locales) {
    const entries = wordingKeys.map((key) => [key, form[locale][key].trim()] as const).filter(([, text]) => text !== '');
    if (entries.length > 0) messages[locale] = Object.fromEntries(entries);
  }
  return messages;
}

export function settingsToForm(settings: AssistantSettings): SettingsFormValues {
  return {
    mode: settings.mode,
    intentThreshold: settings.intentThreshold === null ? '' : String(settings.intentThreshold),
    knowledgeThreshold: String(settings.knowledgeThreshold),
    llmEnabled: settings.llmEnabled,
    llmBaseUrl: settings.llmBaseUrl ?? '',
    llmModel: settings.llmModel ?? '',
    llmApiKey: '',
    llmMonthlyTokenBudget: settings.llmMonthlyTokenBudget === null ? '' : String(settings.llmMonthlyTokenBudget),
    workflowUrl: settings.workflowUrl ?? '',
    messages: wordingToForm(settings.messages),
  };
}

/** '' → null; otherwise a number, or NaN for text that is not one (the schema reports it). */
function optionalNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function optionalText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

const patchedKeys = [
  'mode',
  'intentThreshold',
  'knowledgeThreshold',
  'llmEnabled',
  'llmBaseUrl',
  'llmModel',
  'llmMonthlyTokenBudget',
  'workflowUrl',
  'messages',
] as const;

function sameJson(a: unknown, b: unknown): boolean {
  // NaN (text that is not a number) must reach the schema, which reports it: JSON would say "null".
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export type SettingsPatchResult =
  | { ok: true; patch: UpdateAssistantSettingsBody | null }
  | { ok: false; errors: FormErrors };

/**
 * The PATCH body with only what changed (null when nothing did), or the errors to show. The API
 * key is only sent when a new one was typed; clearing it is a separate action.
 */
export function formToSettingsPatch(values: SettingsFormValues, saved: AssistantSettings): SettingsPatchResult {
  const errors: FormErrors = {};
  const knowledgeThreshold = optionalNumber(values.knowledgeThreshold);
  if (knowledgeThreshold === null) addError(errors, 'knowledgeThreshold', 'Enter a number between 0 and 1.');
  const next: Pick<AssistantSettings, (typeof patchedKeys)[number]> = {
    mode: values.mode,
    intentThreshold: optionalNumber(values.intentThreshold),
    knowledgeThreshold: knowledgeThreshold ?? saved.knowledgeThreshold,
    llmEnabled: values.llmEnabled,
    llmBaseUrl: optionalText(values.llmBaseUrl),
    llmModel: optionalText(values.llmModel),
    llmMonthlyTokenBudget: optionalNumber(values.llmMonthlyTokenBudget),
    workflowUrl: optionalText(values.workflowUrl),
    messages: formToWording(values.messages),
  };
  const candidate: Record<string, unknown> = {};
  for (const key of patchedKeys) {
    if (!sameJson(next[key], saved[key])) candidate[key] = next[key];
  }
  if (values.llmApiKey.trim() !== '') candidate.llmApiKey = values.llmApiKey.trim();
  if (Object.keys(candidate).length === 0) return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch: null };
  const parsed = UpdateAssistantSettingsBody.safeParse(candidate);
  if (!parsed.success) {
    for (const [key, message] of Object.entries(zodIssuesToErrors(parsed.error.issues))) addError(errors, key, friendly(key, message));
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, patch: parsed.data };
}

/** zod's messages for numbers given as text ("expected number, received NaN") say little. */
function friendly(key: string, message: string): string {
  if (/NaN/.test(message)) return key === 'llmMonthlyTokenBudget' ? 'Enter a whole number of tokens.' : 'Enter a number between 0 and 1.';
  return message;
}
