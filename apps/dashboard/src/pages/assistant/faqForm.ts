import { CreateFaqBody } from '@parley/contracts';
import type { Faq, Locale } from '@parley/contracts';
import { zodIssuesToErrors } from './formErrors';
import { joinLines, parseLines } from './parseLines';
import { quickReplyRows, rowsToQuickReplies, type QuickReplyRow } from './richRows';
import type { FormResult } from './useEditorForm';

export interface FaqFormValues {
  questionsText: string;
  answer: string;
  locale: Locale;
  quickReplies: QuickReplyRow[];
}

export function faqToForm(faq: Faq | null, defaultLocale: Locale): FaqFormValues {
  if (!faq) return { questionsText: '', answer: '', locale: defaultLocale, quickReplies: [] };
  return {
    questionsText: joinLines(faq.questions),
    answer: faq.answer,
    locale: faq.locale,
    quickReplies: quickReplyRows(faq.quickReplies),
  };
}

export type FaqFormResult = FormResult<CreateFaqBody>;

export function formToFaqBody(values: FaqFormValues): FaqFormResult {
  const parsed = CreateFaqBody.safeParse({
    questions: parseLines(values.questionsText),
    answer: values.answer,
    locale: values.locale,
    quickReplies: rowsToQuickReplies(values.quickReplies),
  });
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(parsed.error.issues) };
  return { ok: true, body: parsed.data };
}
