import { useEffect, useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import { Locale, locales } from '@parley/contracts';
import type { PreviewLink, Release } from '@parley/contracts';
import { ApiError, fieldErrorFor } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { SecretReveal } from '../../components/SecretReveal';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { localeNames } from '../bots/localeNames';
import { configFieldLabels, configToForm, formFieldForPath, formToConfig, formToConfigInput } from './configForm';
import type { ConfigForm, ConfigFormField, FormErrors } from './configForm';
import { diffConfig } from './diffConfig';
import { PublishDialog } from './ReasonDialogs';
import { ReleaseStatusBadge } from './ReleaseStatusBadge';
import { WidgetPreview } from './WidgetPreview';

interface ReleaseEditorProps {
  api: Api;
  botId: string;
  botName: string;
  release: Release;
  active: Release | null;
  canManage: boolean;
  onSaved: (release: Release) => void;
  /** After publish or delete: reload everything. */
  onChanged: (message: string) => void;
  onClose: () => void;
  /** Told whether the form has unsaved edits (false again when the editor closes). */
  onDirtyChange: (dirty: boolean) => void;
}

/** Field errors for the form: client-side ones, then the server's (`config.theme.color`…). */
function serverFieldErrors(error: ApiError | null): FormErrors {
  const out: FormErrors = {};
  for (const e of error?.fieldErrors ?? []) {
    const field = formFieldForPath(e.path);
    if (field && out[field] === undefined) out[field] = e.message;
  }
  return out;
}

const inlineFields = ['semver', 'changelog', 'config', 'theme', 'texts', 'greeting', 'tabs', 'features', 'locale'];

/** Render with `key={release.id + release.semver + ...}` so the form restarts from the saved values. */
export function ReleaseEditor({ api, botId, botName, release, active, canManage, onSaved, onChanged, onClose, onDirtyChange }: ReleaseEditorProps) {
  const editable = canManage && release.status === 'draft';
  const [form, setForm] = useState<ConfigForm>(() => configToForm(release.config));
  const [semver, setSemver] = useState(release.semver);
  const [changelog, setChangelog] = useState(release.changelog);
  const [clientErrors, setClientErrors] = useState<FormErrors>({});
  const save = useAsyncAction();
  const preview = useAsyncAction();
  const [previewLink, setPreviewLink] = useState<PreviewLink | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const titleId = useId();

  const errors: FormErrors = { ...serverFieldErrors(save.error), ...clientErrors };
  const parsed = formToConfig(form);
  const dirty =
    semver.trim() !== release.semver ||
    changelog !== release.changelog ||
    (parsed.ok ? diffConfig(release.config, parsed.config).length > 0 : true);

  const unsaved = editable && dirty;
  useEffect(() => {
    onDirtyChange(unsaved);
    if (!unsaved) return undefined;
    // Leaving or reloading the page asks first (the browser's own prompt).
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      // Saved, or the editor closes: nothing is unsaved any more (a later run says otherwise).
      onDirtyChange(false);
    };
  }, [unsaved, onDirtyChange]);

  function set<K extends ConfigFormField>(field: K, value: ConfigForm[K]) {
    setForm((f) => ({ ...f, [field]: value }));
    setClientErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = formToConfig(form);
    if (!result.ok) {
      setClientErrors(result.errors);
      save.setError(ApiError.validation([]));
      return;
    }
    setClientErrors({});
    await save.run(async () => {
      onSaved(await api.updateRelease(botId, release.id, { semver: semver.trim(), changelog, config: result.config }));
    });
  }

  async function requestPreview() {
    await preview.run(async () => {
      setPreviewLink(await api.previewRelease(botId, release.id));
    });
  }

  const text = (field: 'launcherText' | 'title' | 'placeholder', label: string, max: number, hint?: string) => (
    <TextField label={label} hint={hint} maxLength={max} value={form[field]} onChange={(v) => { set(field, v); }} error={errors[field]} />
  );
  const area = (field: 'greeting' | 'awayMessage', label: string, hint?: string) => (
    <Field label={label} hint={hint} error={errors[field]}>
      {(control) => <textarea {...control} className="textarea" rows={2} maxLength={500} value={form[field]} onChange={(event) => { set(field, event.currentTarget.value); }} />}
    </Field>
  );
  const check = (field: 'tabAssistant' | 'tabLiveSupport' | 'typingIndicator' | 'readReceipts' | 'simulateCrash', label: string, description: string) => (
    <CheckboxField label={label} description={description} checked={form[field]} onChange={(v) => { set(field, v); }} error={errors[field]} />
  );

  return (
    <section className="card stack" aria-labelledby={titleId}>
      <div className="section-header">
        <h2 id={titleId}>
          {editable ? 'Edit draft' : 'Release'} v{release.semver} <ReleaseStatusBadge release={release} />
        </h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          Close editor
        </button>
      </div>
      <p className="muted small">
        Created {formatDate(release.createdAt, true)}
        {release.publishedAt ? ` · published ${formatDate(release.publishedAt, true)}` : ''} · runtime <code>{release.runtime}</code>
      </p>
      {release.status !== 'draft' ? (
        <p className="alert alert-info">
          {release.status === 'published' ? 'A published release is immutable.' : 'This release is archived.'} Copy it into a new draft to change it.
        </p>
      ) : !canManage ? (
        <p className="alert alert-info">You can view this draft. Only owners and admins can edit or publish it.</p>
      ) : null}
      <div className="editor-layout">
        <form className="stack" onSubmit={(event) => void submit(event)} aria-label={`Config of v${release.semver}`}>
          <fieldset className="plain-fieldset stack" disabled={!editable || save.pending}>
            <legend className="sr-only">Release v{release.semver}</legend>
            <TextField label="Version" hint="major.minor.patch" required value={semver} onChange={setSemver} error={fieldErrorFor(save.error, 'semver')} />
            <Field label="Changelog" error={fieldErrorFor(save.error, 'changelog')}>
              {(control) => <textarea {...control} className="textarea" rows={3} maxLength={5000} value={changelog} onChange={(event) => { setChangelog(event.currentTarget.value); }} />}
            </Field>
            <fieldset className="config-group">
              <legend>Theme</legend>
              <Field label={configFieldLabels.color} hint="A hex colour such as #4f46e5" error={errors.color}>
                {(control) => (
                  <span className="color-row">
                    <input
                      type="color"
                      aria-label="Colour picker"
                      value={/^#[0-9a-f]{6}$/i.test(form.color) ? form.color : '#4f46e5'}
                      onChange={(event) => { set('color', event.currentTarget.value); }}
                    />
                    <input {...control} className="input mono" value={form.color} maxLength={7} onChange={(event) => { set('color', event.currentTarget.value); }} />
                  </span>
                )}
              </Field>
              <Field label={configFieldLabels.position} error={errors.position}>
                {(control) => (
                  <select
                    {...control}
                    className="select"
                    value={form.position}
                    onChange={(event) => { set('position', event.currentTarget.value === 'left' ? 'left' : 'right'); }}
                  >
                    <option value="right">Bottom right</option>
                    <option value="left">Bottom left</option>
                  </select>
                )}
              </Field>
              {text('launcherText', configFieldLabels.launcherText, 40, 'Next to the chat bubble; empty for an icon only.')}
            </fieldset>
            <fieldset className="config-group">
              <legend>Texts</legend>
              {text('title', configFieldLabels.title, 60)}
              {text('placeholder', configFieldLabels.placeholder, 80)}
              {area('awayMessage', configFieldLabels.awayMessage, 'Shown when no agent is online.')}
              {area('greeting', configFieldLabels.greeting, 'The first message a visitor sees.')}
            </fieldset>
            <fieldset className="config-group">
              <legend>Tabs</legend>
              {check('tabAssistant', configFieldLabels.tabAssistant, 'The AI assistant.')}
              {check('tabLiveSupport', configFieldLabels.tabLiveSupport, 'Chat with your agents.')}
            </fieldset>
            <fieldset className="config-group">
              <legend>Features</legend>
              {check('typingIndicator', configFieldLabels.typingIndicator, 'Show when an agent is typing.')}
              {check('readReceipts', configFieldLabels.readReceipts, 'Show when a message was seen.')}
              {check('simulateCrash', configFieldLabels.simulateCrash, 'Rehearse a rollback: the widget throws an error right after it loads. Never publish this to everyone.')}
            </fieldset>
            <Field label={configFieldLabels.locale} error={errors.locale}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={form.locale}
                  onChange={(event) => {
                    const l = Locale.safeParse(event.currentTarget.value);
                    if (l.success) set('locale', l.data);
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
          </fieldset>
          <ErrorAlert error={save.error} inlineFields={inlineFields} />
          {editable ? (
            <div className="row">
              <SubmitButton label="Save draft" pendingLabel="Saving…" pending={save.pending} />
              {dirty ? <span className="muted small" role="status">Unsaved changes</span> : null}
            </div>
          ) : null}
        </form>
        <div className="stack preview-column">
          <WidgetPreview config={formToConfigInput(form)} botName={botName} />
          {release.status === 'draft' && canManage ? (
            <div className="stack-tight">
              <div className="row">
                <button type="button" className="button button-secondary" onClick={() => void requestPreview()} disabled={dirty || preview.pending} aria-busy={preview.pending}>
                  Preview on site
                </button>
                <button type="button" className="button button-primary" onClick={() => { setPublishing(true); }} disabled={dirty}>
                  Publish
                </button>
                <button type="button" className="button button-danger-outline" onClick={() => { setDeleting(true); }}>
                  Delete draft
                </button>
              </div>
              {dirty ? <p className="hint">Save the draft before publishing or previewing it on your site.</p> : null}
              <ErrorAlert error={preview.error} />
              {previewLink ? (
                <SecretReveal title="Preview link" label="Signed preview link" value={previewLink.url} copyLabel="Copy preview link" onDone={() => { setPreviewLink(null); }}>
                  <p className="muted small">
                    Open it on any allowed page: only whoever holds the link sees this draft. Expires {formatDate(previewLink.expiresAt, true)}.
                  </p>
                </SecretReveal>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      {publishing ? (
        <PublishDialog
          api={api}
          botId={botId}
          release={release}
          active={active}
          onCancel={() => { setPublishing(false); }}
          onDone={() => {
            setPublishing(false);
            onChanged(`v${release.semver} published and active`);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete draft v${release.semver}?`}
          confirmLabel="Delete draft"
          onCancel={() => { setDeleting(false); }}
          onConfirm={async () => {
            await api.deleteRelease(botId, release.id);
            setDeleting(false);
            onChanged(`Draft v${release.semver} deleted`);
          }}
        >
          <p>The draft and its preview links are removed.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
