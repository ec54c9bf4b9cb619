import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { AssistantMode, locales } from '@parley/contracts';
import type { AssistantSettings } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { localeNames } from '../bots/localeNames';
import { serverFieldErrors, type FormErrors } from './formErrors';
import { formToSettingsPatch, settingsToForm, wordingKeys, type SettingsFormValues, type WordingKey } from './settingsForm';
import { WorkflowSecretSection } from './WorkflowSecretSection';

interface TabProps {
  api: Api;
  botId: string;
  canManage: boolean;
}

const modeLabels: Record<AssistantMode, string> = {
  pipeline: 'Pipeline: rules, intents, knowledge, then the LLM',
  workflow: 'Workflow: forward each message to your workflow URL',
  off: 'Off: the bot stays silent (agents answer)',
};

const wordingLabels: Record<WordingKey, { label: string; hint: string }> = {
  handoff: { label: 'Handoff message', hint: 'Told to the visitor when the conversation goes to a person.' },
  fallback: { label: 'Fallback message', hint: 'When the bot has no answer (no LLM, or it failed).' },
  talkToPerson: { label: '“Talk to a person” button', hint: 'The quick reply offered with the fallback.' },
};

const inlineFields = [
  'mode',
  'intentThreshold',
  'knowledgeThreshold',
  'llmEnabled',
  'llmBaseUrl',
  'llmModel',
  'llmApiKey',
  'llmMonthlyTokenBudget',
  'workflowUrl',
  'messages',
];

export function SettingsTab({ api, botId, canManage }: TabProps) {
  const load = useCallback((signal: AbortSignal) => api.getAssistantSettings(botId, signal), [api, botId]);
  const settings = useResource(load);
  if (settings.state.status === 'loading') return <Loading label="Loading assistant settings…" />;
  if (settings.state.status === 'error') return <ErrorAlert error={settings.state.error} onRetry={settings.reload} />;
  const saved = settings.state.data;
  return (
    <div className="stack-loose">
      <SettingsForm
        key={saved.updatedAt}
        api={api}
        saved={saved}
        canManage={canManage}
        onSaved={(next) => { settings.update(() => next); }}
      />
      {canManage ? <WorkflowSecretSection api={api} botId={botId} /> : null}
    </div>
  );
}

interface FormProps {
  api: Api;
  saved: AssistantSettings;
  canManage: boolean;
  onSaved: (settings: AssistantSettings) => void;
}

function SettingsForm({ api, saved, canManage, onSaved }: FormProps) {
  const notify = useNotify();
  const [values, setValues] = useState<SettingsFormValues>(() => settingsToForm(saved));
  const [errors, setErrors] = useState<FormErrors>({});
  const [note, setNote] = useState('');
  const { pending, error, run } = useAsyncAction();
  const [confirmClearKey, setConfirmClearKey] = useState(false);
  const shown: FormErrors = { ...(error ? serverFieldErrors(error.fieldErrors) : {}), ...errors };

  function set<K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K]) {
    setValues((v) => ({ ...v, [key]: value }));
  }

  function setWording(locale: (typeof locales)[number], key: WordingKey, text: string) {
    setValues((v) => ({ ...v, messages: { ...v.messages, [locale]: { ...v.messages[locale], [key]: text } } }));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setNote('');
    const result = formToSettingsPatch(values, saved);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const patch = result.patch;
    if (!patch) {
      setNote('Nothing to save: no setting was changed.');
      return;
    }
    await run(async () => {
      onSaved(await api.updateAssistantSettings(saved.botId, patch));
      notify('Assistant settings saved');
    });
  }

  async function clearKey() {
    onSaved(await api.updateAssistantSettings(saved.botId, { llmApiKey: null }));
    setConfirmClearKey(false);
    notify('LLM API key removed');
  }

  const ownLlm = saved.llmBaseUrl !== null && saved.llmModel !== null;
  const budget = saved.llmMonthlyTokenBudget;
  const usage =
    budget === null
      ? `${saved.llmTokensThisMonth.toLocaleString()} tokens used this month (no budget set)`
      : `${saved.llmTokensThisMonth.toLocaleString()} of ${budget.toLocaleString()} tokens used this month`;

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="assistant-settings-title" noValidate>
      <h2 id="assistant-settings-title">Assistant settings</h2>
      <fieldset className="plain-fieldset stack" disabled={!canManage || pending}>
        <legend className="sr-only">Assistant settings</legend>
        <Field label="Mode" error={shown.mode}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={values.mode}
              onChange={(event) => {
                const parsed = AssistantMode.safeParse(event.currentTarget.value);
                if (parsed.success) set('mode', parsed.data);
              }}
            >
              {AssistantMode.options.map((mode) => (
                <option key={mode} value={mode}>
                  {modeLabels[mode]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-grid">
          <TextField
            label="Intent threshold"
            hint="0–1. Below it, a classified intent counts as out of scope. Empty: the model’s own threshold."
            inputMode="decimal"
            value={values.intentThreshold}
            error={shown.intentThreshold}
            onChange={(v) => { set('intentThreshold', v); }}
          />
          <TextField
            label="Knowledge threshold"
            hint="0–1. FAQ and document matches below it are not answered."
            inputMode="decimal"
            value={values.knowledgeThreshold}
            error={shown.knowledgeThreshold}
            onChange={(v) => { set('knowledgeThreshold', v); }}
          />
        </div>

        <fieldset className="config-group">
          <legend>LLM fallback</legend>
          <CheckboxField
            label="LLM enabled"
            description="When rules, intents and knowledge have no answer, ask an OpenAI-compatible model, grounded on the bot’s knowledge."
            checked={values.llmEnabled}
            error={shown.llmEnabled}
            onChange={(v) => { set('llmEnabled', v); }}
          />
          {/* What the saved settings use: the bot's own endpoint, else the server's; a server with neither needs one set here. */}
          <p className={ownLlm || saved.globalLlmConfigured ? 'hint' : 'alert alert-info'} data-testid="global-llm-hint">
            {ownLlm
              ? `Uses this bot’s own LLM: ${saved.llmModel ?? ''} at ${saved.llmBaseUrl ?? ''}.`
              : saved.globalLlmConfigured
                ? 'Uses the global LLM configuration of this server unless you set a base URL and model here.'
                : 'This server has no global LLM configuration: set a base URL and model here to use an LLM.'}
          </p>
          <div className="form-grid">
            <TextField
              label="Base URL"
              type="url"
              placeholder="https://api.openai.com/v1"
              value={values.llmBaseUrl}
              error={shown.llmBaseUrl}
              onChange={(v) => { set('llmBaseUrl', v); }}
            />
            <TextField label="Model" placeholder="gpt-4o-mini" value={values.llmModel} error={shown.llmModel} onChange={(v) => { set('llmModel', v); }} />
          </div>
          <div className="key-row">
            <p>
              API key:{' '}
              <strong data-testid="llm-key-status" className={saved.llmApiKeySet ? 'badge badge-on' : 'badge badge-off'}>
                {saved.llmApiKeySet ? 'set' : 'not set'}
              </strong>
            </p>
            {canManage && saved.llmApiKeySet ? (
              <button type="button" className="button button-danger-outline button-small" onClick={() => { setConfirmClearKey(true); }}>
                Clear key
              </button>
            ) : null}
          </div>
          <TextField
            label={saved.llmApiKeySet ? 'Replace API key' : 'API key'}
            hint="Write-only: the key is stored and never shown again. Leave empty to keep the current one."
            type="password"
            autoComplete="off"
            value={values.llmApiKey}
            error={shown.llmApiKey}
            onChange={(v) => { set('llmApiKey', v); }}
          />
          <TextField
            label="Monthly token budget"
            hint={usage}
            inputMode="numeric"
            placeholder="No limit"
            value={values.llmMonthlyTokenBudget}
            error={shown.llmMonthlyTokenBudget}
            onChange={(v) => { set('llmMonthlyTokenBudget', v); }}
          />
        </fieldset>

        <fieldset className="config-group">
          <legend>Workflow</legend>
          <TextField
            label="Workflow URL"
            hint="In workflow mode each visitor message is POSTed here (signed with the workflow secret); the workflow answers through the API."
            type="url"
            placeholder="https://n8n.example.com/webhook/…"
            value={values.workflowUrl}
            error={shown.workflowUrl}
            onChange={(v) => { set('workflowUrl', v); }}
          />
        </fieldset>

        <fieldset className="config-group">
          <legend>Wording</legend>
          <p className="hint">Leave a field empty to use the built-in wording.</p>
          <div className="wording-grid">
            {locales.map((locale) => (
              <fieldset key={locale} className="rows-fieldset">
                <legend>{localeNames[locale]}</legend>
                {wordingKeys.map((key) => (
                  <TextField
                    key={key}
                    label={`${wordingLabels[key].label} (${locale})`}
                    hint={wordingLabels[key].hint}
                    maxLength={key === 'talkToPerson' ? 80 : 1000}
                    value={values.messages[locale][key]}
                    error={shown[`messages.${locale}.${key}`]}
                    onChange={(v) => { setWording(locale, key, v); }}
                  />
                ))}
              </fieldset>
            ))}
          </div>
        </fieldset>
      </fieldset>
      <ErrorAlert error={error} inlineFields={inlineFields} />
      {Object.keys(errors).length > 0 ? (
        <p className="alert alert-error" role="alert">
          Please correct the highlighted fields.
        </p>
      ) : null}
      {note ? (
        <p className="muted" role="status">
          {note}
        </p>
      ) : null}
      {canManage ? (
        <div>
          <SubmitButton label="Save settings" pendingLabel="Saving…" pending={pending} />
        </div>
      ) : null}
      {confirmClearKey ? (
        <ConfirmDialog
          title="Remove the LLM API key?"
          confirmLabel="Remove key"
          onConfirm={clearKey}
          onCancel={() => { setConfirmClearKey(false); }}
        >
          <p>The bot then calls its LLM endpoint without a key (or uses the global configuration).</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
