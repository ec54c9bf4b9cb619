import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Release, ReleaseList } from '@parley/contracts';
import { fieldErrorFor } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';

interface NewDraftDialogProps {
  api: Api;
  botId: string;
  list: ReleaseList;
  /** Preselected release to copy from ('' for a draft from scratch). */
  fromReleaseId: string;
  onCreated: (release: Release) => void;
  onClose: () => void;
}

type Bump = 'patch' | 'minor' | 'major' | 'custom';

export function NewDraftDialog({ api, botId, list, fromReleaseId, onCreated, onClose }: NewDraftDialogProps) {
  const [bump, setBump] = useState<Bump>('patch');
  const [custom, setCustom] = useState(list.suggested.patch);
  const [from, setFrom] = useState(fromReleaseId);
  const [changelog, setChangelog] = useState('');
  const { pending, error, run } = useAsyncAction({ keepPendingOnSuccess: true });
  const semver = bump === 'custom' ? custom.trim() : list.suggested[bump];

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const created = await api.createRelease(botId, {
        semver,
        changelog,
        ...(from ? { fromReleaseId: from } : {}),
      });
      onCreated(created);
    });
  }

  const { patch, minor, major } = list.suggested;
  // The first release: every bump suggests the same version, so it is offered once.
  const bumps: { value: Bump; label: string }[] =
    patch === minor && minor === major
      ? [
          { value: 'patch', label: `Version ${patch}` },
          { value: 'custom', label: 'Other version' },
        ]
      : [
          { value: 'patch', label: `Patch ${patch}` },
          { value: 'minor', label: `Minor ${minor}` },
          { value: 'major', label: `Major ${major}` },
          { value: 'custom', label: 'Other version' },
        ];

  return (
    <Modal title="New draft" onClose={() => { if (!pending) onClose(); }}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <fieldset className="plain-fieldset stack-tight" disabled={pending}>
          <legend className="label">Version</legend>
          <div className="radio-row">
            {bumps.map((b) => (
              <label key={b.value} className="radio">
                <input type="radio" name="bump" value={b.value} checked={bump === b.value} onChange={() => { setBump(b.value); }} />
                {b.label}
              </label>
            ))}
          </div>
          {bump === 'custom' ? (
            <TextField label="Version number" hint="major.minor.patch, e.g. 2.0.0" required value={custom} onChange={setCustom} error={fieldErrorFor(error, 'semver')} />
          ) : null}
        </fieldset>
        <Field
          label="Start from"
          hint="Copy the config of any release, archived ones included, or start from the bot's defaults: the widget its visitors get while no release is active."
          error={fieldErrorFor(error, 'fromReleaseId')}
        >
          {(control) => (
            <select {...control} className="select" value={from} disabled={pending} onChange={(event) => { setFrom(event.currentTarget.value); }}>
              <option value="">The bot's defaults (no release)</option>
              {list.releases.map((r) => (
                <option key={r.id} value={r.id}>
                  Copy of v{r.semver} ({r.status}{r.active ? ', active' : ''})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Changelog" error={fieldErrorFor(error, 'changelog')}>
          {(control) => (
            <textarea {...control} className="textarea" rows={3} maxLength={5000} disabled={pending} value={changelog} onChange={(event) => { setChangelog(event.currentTarget.value); }} />
          )}
        </Field>
        <ErrorAlert error={error} inlineFields={bump === 'custom' ? ['semver', 'fromReleaseId', 'changelog'] : ['fromReleaseId', 'changelog']} />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton label="Create draft" pendingLabel="Creating…" pending={pending} />
        </div>
      </form>
    </Modal>
  );
}
