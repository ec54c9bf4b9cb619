import { useId, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Bot, KnowledgeDocument, Locale } from '@parley/contracts';
import { ApiError } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { acceptedExtensions, checkDocumentFile, formatBytes, looksBinary, type DocumentContentType } from './documentFile';
import { LocaleSelect } from './LocaleSelect';

interface UploadProps {
  api: Api;
  bot: Bot;
  onAdded: (document: KnowledgeDocument) => void;
}

interface Chosen {
  file: File;
  contentType: DocumentContentType;
}

/** Reads a .txt, .md or .html file in the browser and POSTs its text as is (the server chunks it). */
export function DocumentUploadForm({ api, bot, onAdded }: UploadProps) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [locale, setLocale] = useState<Locale>(bot.locale);
  const { pending, error, setError, run } = useAsyncAction();

  function choose(file: File | undefined) {
    setError(null);
    setChosen(null);
    if (!file) {
      setFileError(null);
      return;
    }
    const check = checkDocumentFile(file.name, file.size);
    if (!check.ok) {
      setFileError(check.message);
      return;
    }
    setFileError(null);
    setChosen({ file, contentType: check.contentType });
    setTitle(check.title);
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen) {
      setFileError('Choose a .txt, .md or .html file first.');
      return;
    }
    await run(async () => {
      const content = await chosen.file.text();
      if (looksBinary(content)) {
        throw new ApiError({
          status: 0,
          code: 'validation_failed',
          title: 'Not a text file',
          detail: `“${chosen.file.name}” does not contain UTF-8 text.`,
        });
      }
      const document = await api.uploadDocument(bot.id, {
        title: title.trim() || chosen.file.name,
        locale,
        contentType: chosen.contentType,
        content,
      });
      onAdded(document);
      setChosen(null);
      setTitle('');
      if (input.current) input.current.value = '';
    });
  }

  return (
    <form className="card stack" aria-labelledby={`${inputId}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h2 id={`${inputId}-title`}>Upload a file</h2>
      <fieldset className="plain-fieldset stack" disabled={pending}>
        <legend className="sr-only">Upload a file</legend>
        <div className="field">
          <label htmlFor={inputId}>Document file</label>
          <input
            ref={input}
            id={inputId}
            type="file"
            className="input"
            accept={acceptedExtensions}
            aria-describedby={`${inputId}-hint${fileError ? ` ${inputId}-error` : ''}`}
            aria-invalid={fileError ? true : undefined}
            onChange={(event) => { choose(event.currentTarget.files?.[0]); }}
          />
          <p id={`${inputId}-hint`} className="hint">
            Plain text (.txt), Markdown (.md) or HTML (.html), up to 1 MB. HTML is stored and shown as text.
          </p>
          {fileError ? (
            <p id={`${inputId}-error`} className="field-error" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
        {chosen ? <p className="muted small">{chosen.file.name} · {formatBytes(chosen.file.size)}</p> : null}
        <TextField label="Document title" maxLength={200} value={title} onChange={setTitle} />
        <LocaleSelect label="Document language" value={locale} onChange={(l) => { if (l) setLocale(l); }} />
      </fieldset>
      <ErrorAlert error={error} />
      <div>
        <SubmitButton label="Upload document" pendingLabel="Uploading…" pending={pending} />
      </div>
    </form>
  );
}
