import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Bot } from '@parley/contracts';
import { ApiError, fieldErrorFor, toApiError } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { parseOrigins } from './parseOrigins';

interface CreateBotFormProps {
  api: Api;
  onCreated: (bot: Bot) => void;
}

export function CreateBotForm({ api, onCreated }: CreateBotFormProps) {
  const [name, setName] = useState('');
  const [originsText, setOriginsText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseOrigins(originsText);
    if (parsed.error) {
      setError(ApiError.validation([{ path: 'allowedOrigins', message: parsed.error }]));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const bot = await api.createBot({
        name: name.trim(),
        allowedOrigins: parsed.origins,
        widgetEnabled: true,
        premium: false,
        locale: 'en',
        requireIdentity: false,
      });
      setName('');
      setOriginsText('');
      onCreated(bot);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby="create-bot-title">
      <h2 id="create-bot-title">New bot</h2>
      <Field label="Bot name" error={fieldErrorFor(error, 'name')}>
        {(control) => (
          <input
            {...control}
            className="input"
            required
            maxLength={100}
            placeholder="Shop assistant"
            value={name}
            onChange={(event) => { setName(event.currentTarget.value); }}
          />
        )}
      </Field>
      <Field
        label="Allowed origins"
        hint="One per line, e.g. https://shop.example.com. The widget only loads on these sites; you can add them later."
        error={fieldErrorFor(error, 'allowedOrigins')}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea mono"
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            placeholder="https://shop.example.com"
            value={originsText}
            onChange={(event) => { setOriginsText(event.currentTarget.value); }}
          />
        )}
      </Field>
      <ErrorAlert error={error} inlineFields={['name', 'allowedOrigins']} />
      <div>
        <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
          {pending ? 'Creating…' : 'Create bot'}
        </button>
      </div>
    </form>
  );
}
