import { useId, useState } from 'react';
import type { Release } from '@parley/contracts';
import { ApiError } from '../../api/ApiError';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';

interface PublishDialogProps {
  api: Api;
  botId: string;
  release: Release;
  active: Release | null;
  onDone: () => void;
  onCancel: () => void;
}

export function PublishDialog({ api, botId, release, active, onDone, onCancel }: PublishDialogProps) {
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <ConfirmDialog
      title={`Publish v${release.semver}?`}
      confirmLabel="Publish"
      danger={false}
      onCancel={onCancel}
      onConfirm={async () => {
        await api.publishRelease(botId, release.id, reason.trim() || undefined);
        onDone();
      }}
    >
      <p>
        Every visitor gets v{release.semver} on their next page load{active ? ` instead of v${active.semver}` : ''}. A published release can no
        longer be edited.
      </p>
      <label htmlFor={id} className="label">
        Reason (optional)
      </label>
      <textarea id={id} className="textarea" rows={2} maxLength={1000} value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} />
    </ConfirmDialog>
  );
}

interface RollbackDialogProps {
  api: Api;
  botId: string;
  releases: readonly Release[];
  active: Release | null;
  onDone: () => void;
  onCancel: () => void;
}

export function RollbackDialog({ api, botId, releases, active, onDone, onCancel }: RollbackDialogProps) {
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const reasonId = useId();
  const targetId = useId();
  const candidates = releases.filter((r) => r.status !== 'draft' && !r.active);
  return (
    <ConfirmDialog
      title={active ? `Roll back from v${active.semver}?` : 'Roll back?'}
      confirmLabel="Roll back"
      onCancel={onCancel}
      onConfirm={async () => {
        if (reason.trim() === '') throw ApiError.validation([{ path: 'reason', message: 'Say why you roll back.' }], 'A reason is required.');
        await api.rollback(botId, { reason: reason.trim(), ...(target ? { releaseId: target } : {}) });
        onDone();
      }}
    >
      <p>New page loads get the other release within seconds; open widgets switch without losing the conversation.</p>
      <label htmlFor={targetId} className="label">
        Roll back to
      </label>
      <select id={targetId} className="select" value={target} onChange={(event) => { setTarget(event.currentTarget.value); }}>
        <option value="">The previously active release</option>
        {candidates.map((r) => (
          <option key={r.id} value={r.id}>
            v{r.semver} ({r.status})
          </option>
        ))}
      </select>
      <label htmlFor={reasonId} className="label">
        Reason (required)
      </label>
      <textarea id={reasonId} className="textarea" rows={2} required maxLength={1000} value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} />
    </ConfirmDialog>
  );
}
