import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { locales, Locale } from '@parley/contracts';
import type { Bot, UpdateBotBody } from '@parley/contracts';
import { ApiError, fieldErrorFor } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { localeNames } from './localeNames';
import { OriginsField } from './OriginsField';
import { parseOrigins } from './parseOrigins';

interface BotSettingsFormProps {
  api: Api;
  bot: Bot;
  canManage: boolean;
  onSaved: (bot: Bot) => void;
}

const inlineFields = ['name', 'allowedOrigins', 'widgetEnabled', 'premium', 'locale', 'requireIdentity'];

/** Render with `key={bot.updatedAt}` so the form restarts from the saved values. */
export function BotSettingsForm({ api, bot, canManage, onSaved }: BotSettingsFormProps) {
  const [name, setName] = useState(bot.name);
  const [originsText, setOriginsText] = useState(bot.allowedOrigins.join('\n'));
  const [widgetEnabled, setWidgetEnabled] = useState(bot.widgetEnabled);
  const [premium, setPremium] = useState(bot.premium);
  const [locale, setLocale] = useState<Locale>(bot.locale);
  const [requireIdentity, setRequireIdentity] = useState(bot.requireIdentity);
  const { pending, error, setError, run } = useAsyncAction();
  const [note, setNote] = useState('');

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setNote('');
    const parsed = parseOrigins(originsText);
    if (parsed.error) {
      setError(ApiError.validation([{ path: 'allowedOrigins', message: parsed.error }]));
      return;
    }
    const patch: UpdateBotBody = {};
    if (name.trim() !== bot.name) patch.name = name.trim();
    if (parsed.origins.join('\n') !== bot.allowedOrigins.join('\n')) patch.allowedOrigins = parsed.origins;
    if (widgetEnabled !== bot.widgetEnabled) patch.widgetEnabled = widgetEnabled;
    if (premium !== bot.premium) patch.premium = premium;
    if (locale !== bot.locale) patch.locale = locale;
    if (requireIdentity !== bot.requireIdentity) patch.requireIdentity = requireIdentity;
    if (Object.keys(patch).length === 0) {
      setError(null);
      setNote('Nothing to save: no setting was changed.');
      return;
    }
    await run(async () => {
      onSaved(await api.updateBot(bot.id, patch));
    });
  }

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="bot-settings-title">
      <h2 id="bot-settings-title">Settings</h2>
      {!canManage ? (
        <p className="alert alert-info">You can view these settings. Only owners and admins can change them.</p>
      ) : null}
      <fieldset className="plain-fieldset stack" disabled={!canManage || pending}>
        <legend className="sr-only">Bot settings</legend>
        <TextField label="Bot name" error={fieldErrorFor(error, 'name')} required maxLength={100} value={name} onChange={setName} />
        <OriginsField
          hint="One per line: scheme, host and optional port, e.g. https://shop.example.com. Start the host with *. to allow subdomains."
          rows={4}
          value={originsText}
          onChange={setOriginsText}
          error={fieldErrorFor(error, 'allowedOrigins')}
        />
        <Field label="Widget language" error={fieldErrorFor(error, 'locale')}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={locale}
              onChange={(event) => {
                const parsed = Locale.safeParse(event.currentTarget.value);
                if (parsed.success) setLocale(parsed.data);
              }}
            >
              {locales.map((l) => (
                <option key={l} value={l}>
                  {localeNames[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="checks">
          <CheckboxField
            label="Widget enabled"
            description="Show the chat launcher on allowed origins."
            checked={widgetEnabled}
            error={fieldErrorFor(error, 'widgetEnabled')}
            onChange={setWidgetEnabled}
          />
          <CheckboxField
            label="Premium"
            description="Adds the AI assistant and Live Support tabs to the widget."
            checked={premium}
            error={fieldErrorFor(error, 'premium')}
            onChange={setPremium}
          />
          <CheckboxField
            label="Require identity"
            description="Only visitors whose identity your site signed with the identity secret can chat."
            checked={requireIdentity}
            error={fieldErrorFor(error, 'requireIdentity')}
            onChange={setRequireIdentity}
          />
        </div>
      </fieldset>
      <ErrorAlert error={error} inlineFields={inlineFields} />
      {note ? (
        <p className="muted" role="status">
          {note}
        </p>
      ) : null}
      {canManage ? (
        <div>
          <SubmitButton label="Save changes" pendingLabel="Saving…" pending={pending} />
        </div>
      ) : null}
    </form>
  );
}
