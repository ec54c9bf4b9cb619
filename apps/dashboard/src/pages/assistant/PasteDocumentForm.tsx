import { useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import { CreateDocumentBody, DocumentFormat } from '@parley/contracts';
import type { Bot, KnowledgeDocument, Locale } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { serverFieldErrors, zodIssuesToErrors, type FormErrors } from './formErrors';
import { LocaleSelect } from './LocaleSelect';

interface PasteProps {
  api: Api;
  bot: Bot;
  onAdded: (document: KnowledgeDocument) => void;
}

const formatLabels: Record<DocumentFormat, string> = { text: 'Plain text', markdown: 'Markdown', html: 'HTML' };

/** A document typed or pasted in, sent as JSON. */
export function PasteDocumentForm({ api, bot, onAdded }: PasteProps) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [format, setFormat] = useState<DocumentFormat>('markdown');
  const [locale, setLocale] = useState<Locale>(bot.locale);
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const { pending, error, run } = useAsyncAction();
  const shown: FormErrors = { ...(error ? serverFieldErrors(error.fieldErrors) : {}), ...errors };

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = CreateDocumentBody.safeParse({ title, format, locale, content });
    if (!parsed.success) {
      setErrors(zodIssuesToErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    await run(async () => {
      onAdded(await api.createDocument(bot.id, parsed.data));
      setTitle('');
      setContent('');
    });
  }

  return (
    <form className="card stack" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h2 id={`${id}-title`}>Paste text</h2>
      <fieldset className="plain-fieldset stack" disabled={pending}>
        <legend className="sr-only">Paste text</legend>
        <TextField label="Pasted document title" maxLength={200} value={title} error={shown.title} onChange={setTitle} />
        <div className="form-grid">
          <Field label="Format" error={shown.format}>
            {(control) => (
              <select
                {...control}
                className="select"
                value={format}
                onChange={(event) => {
                  const parsed = DocumentFormat.safeParse(event.currentTarget.value);
                  if (parsed.success) setFormat(parsed.data);
                }}
              >
                {DocumentFormat.options.map((f) => (
                  <option key={f} value={f}>
                    {formatLabels[f]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <LocaleSelect label="Pasted document language" value={locale} error={shown.locale} onChange={(l) => { if (l) setLocale(l); }} />
        </div>
        <Field label="Text" error={shown.content}>
          {(control) => (
            <textarea {...control} className="textarea" rows={6} value={content} onChange={(event) => { setContent(event.currentTarget.value); }} />
          )}
        </Field>
      </fieldset>
      <ErrorAlert error={error} inlineFields={['title', 'format', 'locale', 'content']} />
      <div>
        <SubmitButton label="Add document" pendingLabel="Adding…" pending={pending} />
      </div>
    </form>
  );
}
