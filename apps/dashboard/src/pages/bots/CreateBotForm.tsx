import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Bot } from '@parley/contracts';
import { ApiError, fieldErrorFor } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { OriginsField } from './OriginsField';
import { parseOrigins } from './parseOrigins';

interface CreateBotFormProps {
  api: Api;
  onCreated: (bot: Bot) => void;
}

export function CreateBotForm({ api, onCreated }: CreateBotFormProps) {
  const [name, setName] = useState('');
  const [originsText, setOriginsText] = useState('');
  const { pending, error, setError, run } = useAsyncAction();

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseOrigins(originsText);
    if (parsed.error) {
      setError(ApiError.validation([{ path: 'allowedOrigins', message: parsed.error }]));
      return;
    }
    await run(async () => {
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
    });
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby="create-bot-title">
      <h2 id="create-bot-title">New bot</h2>
      <TextField
        label="Bot name"
        error={fieldErrorFor(error, 'name')}
        required
        maxLength={100}
        placeholder="Shop assistant"
        value={name}
        onChange={setName}
      />
      <OriginsField
        hint="One per line, e.g. https://shop.example.com. The widget only loads on these sites; you can add them later."
        rows={3}
        placeholder="https://shop.example.com"
        value={originsText}
        onChange={setOriginsText}
        error={fieldErrorFor(error, 'allowedOrigins')}
      />
      <ErrorAlert error={error} inlineFields={['name', 'allowedOrigins']} />
      <div>
        <SubmitButton label="Create bot" pendingLabel="Creating…" pending={pending} />
      </div>
    </form>
  );
}
