import { useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Bot, Faq } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { SubmitButton } from '../../components/SubmitButton';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { faqToForm, formToFaqBody, type FaqFormValues } from './faqForm';
import { serverFieldErrors, type FormErrors } from './formErrors';
import { LocaleSelect } from './LocaleSelect';
import { parseLines } from './parseLines';
import { QuickRepliesEditor } from './RichRowsEditor';

interface FaqEditorProps {
  api: Api;
  bot: Bot;
  faq: Faq | null;
  canManage: boolean;
  onSaved: (faq: Faq, created: boolean) => void;
  onClose: () => void;
}

const inlineFields = ['questions', 'answer', 'locale', 'quickReplies'];

export function FaqEditor({ api, bot, faq, canManage, onSaved, onClose }: FaqEditorProps) {
  const [values, setValues] = useState<FaqFormValues>(() => faqToForm(faq, bot.locale));
  const [errors, setErrors] = useState<FormErrors>({});
  const { pending, error, run } = useAsyncAction();
  const titleId = useId();
  const shown: FormErrors = { ...(error ? serverFieldErrors(error.fieldErrors) : {}), ...errors };
  const variants = parseLines(values.questionsText).length;

  function set<K extends keyof FaqFormValues>(key: K, value: FaqFormValues[K]) {
    setValues((v) => ({ ...v, [key]: value }));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = formToFaqBody(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    await run(async () => {
      if (faq) onSaved(await api.updateFaq(bot.id, faq.id, result.body), false);
      else onSaved(await api.createFaq(bot.id, result.body), true);
    });
  }

  return (
    <form className="card stack" aria-labelledby={titleId} onSubmit={(event) => void submit(event)} noValidate>
      <div className="section-header">
        <h2 id={titleId}>{faq ? 'Edit FAQ' : 'New FAQ'}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <fieldset className="plain-fieldset stack" disabled={!canManage || pending}>
        <legend className="sr-only">FAQ</legend>
        <Field
          label="Questions"
          hint={`The question first, then other ways of asking it, one per line (${variants} ${variants === 1 ? 'question' : 'questions'}).`}
          error={shown.questions}
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={4}
              value={values.questionsText}
              onChange={(event) => { set('questionsText', event.currentTarget.value); }}
            />
          )}
        </Field>
        <Field label="Answer" error={shown.answer}>
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={5}
              maxLength={4000}
              value={values.answer}
              onChange={(event) => { set('answer', event.currentTarget.value); }}
            />
          )}
        </Field>
        <LocaleSelect
          label="Language"
          value={values.locale}
          error={shown.locale}
          onChange={(locale) => { if (locale) set('locale', locale); }}
        />
        <QuickRepliesEditor
          rows={values.quickReplies}
          context="Answer"
          errorPrefix="quickReplies"
          errors={shown}
          onChange={(quickReplies) => { set('quickReplies', quickReplies); }}
        />
      </fieldset>
      <ErrorAlert error={error} inlineFields={inlineFields} />
      {Object.keys(errors).length > 0 ? (
        <p className="alert alert-error" role="alert">
          Please correct the highlighted fields.
        </p>
      ) : null}
      {canManage ? (
        <div className="row">
          <SubmitButton label={faq ? 'Save FAQ' : 'Add FAQ'} pendingLabel="Saving…" pending={pending} />
          <button type="button" className="button button-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
        </div>
      ) : null}
    </form>
  );
}
