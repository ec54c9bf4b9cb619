import type { Bot, Faq } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { Field } from '../../components/Field';
import { EditorCard } from './EditorCard';
import { faqToForm, formToFaqBody } from './faqForm';
import { LocaleSelect } from './LocaleSelect';
import { parseLines } from './parseLines';
import { QuickRepliesEditor } from './RichRowsEditor';
import { useEditorForm } from './useEditorForm';

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
  const form = useEditorForm(
    () => faqToForm(faq, bot.locale),
    formToFaqBody,
    async (body) => {
      if (faq) onSaved(await api.updateFaq(bot.id, faq.id, body), false);
      else onSaved(await api.createFaq(bot.id, body), true);
    },
  );
  const { values, set, shown } = form;
  const variants = parseLines(values.questionsText).length;

  return (
    <EditorCard
      form={form}
      title={faq ? 'Edit FAQ' : 'New FAQ'}
      legend="FAQ"
      canManage={canManage}
      submitLabel={faq ? 'Save FAQ' : 'Add FAQ'}
      inlineFields={inlineFields}
      onClose={onClose}
    >
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
    </EditorCard>
  );
}
