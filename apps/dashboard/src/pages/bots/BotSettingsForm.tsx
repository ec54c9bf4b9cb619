import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { locales, Locale } from '@parley/contracts';
import type { Bot, UpdateBotBody } from '@parley/contracts';
import { ApiError, fieldErrorFor, toApiError } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { localeNames } from './localeNames';
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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
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
    setPending(true);
    setError(null);
    try {
      onSaved(await api.updateBot(bot.id, patch));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="bot-settings-title">
      <h2 id="bot-settings-title">Settings</h2>
      {!canManage ? (
        <p className="alert alert-info">You can view these settings. Only owners and admins can change them.</p>
      ) : null}
      <fieldset className="plain-fieldset stack" disabled={!canManage || pending}>
        <legend className="sr-only">Bot settings</legend>
        <Field label="Bot name" error={fieldErrorFor(error, 'name')}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={100}
              value={name}
              onChange={(event) => { setName(event.currentTarget.value); }}
            />
          )}
        </Field>
        <Field
          label="Allowed origins"
          hint="One per line: scheme, host and optional port, e.g. https://shop.example.com. Start the host with *. to allow subdomains."
          error={fieldErrorFor(error, 'allowedOrigins')}
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea mono"
              rows={4}
              spellCheck={false}
              autoCapitalize="off"
              value={originsText}
              onChange={(event) => { setOriginsText(event.currentTarget.value); }}
            />
          )}
        </Field>
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
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      ) : null}
    </form>
  );
}
