import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { fieldErrorFor } from '../api/ApiError';
import type { Api } from '../api/createApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Modal } from '../components/Modal';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useAsyncAction } from '../hooks/useAsyncAction';
import type { Organization } from '@parley/contracts';

interface NewOrgDialogProps {
  api: Api;
  onCreated: (org: Organization) => Promise<void>;
  onClose: () => void;
}

export function NewOrgDialog({ api, onCreated, onClose }: NewOrgDialogProps) {
  const [name, setName] = useState('');
  // On success the parent closes the dialog, so it stays pending until then.
  const { pending, error, run } = useAsyncAction({ keepPendingOnSuccess: true });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const org = await api.createOrg({ name: name.trim() });
      await onCreated(org);
    });
  }

  return (
    <Modal title="New organization" onClose={() => {
        if (!pending) onClose();
      }}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="modal-body">You will be the owner of the new organization.</p>
        <TextField
          label="Organization name"
          error={fieldErrorFor(error, 'name')}
          required
          maxLength={100}
          autoComplete="organization"
          value={name}
          onChange={setName}
        />
        <ErrorAlert error={error} inlineFields={['name']} />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton label="Create organization" pendingLabel="Creating…" pending={pending} />
        </div>
      </form>
    </Modal>
  );
}
