import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { fieldErrorFor, toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';
import type { Api } from '../api/createApi';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import type { Organization } from '@parley/contracts';

interface NewOrgDialogProps {
  api: Api;
  onCreated: (org: Organization) => Promise<void>;
  onClose: () => void;
}

export function NewOrgDialog({ api, onCreated, onClose }: NewOrgDialogProps) {
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const org = await api.createOrg({ name: name.trim() });
      await onCreated(org);
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  }

  return (
    <Modal title="New organization" onClose={() => {
        if (!pending) onClose();
      }}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="modal-body">You will be the owner of the new organization.</p>
        <Field label="Organization name" error={fieldErrorFor(error, 'name')}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={100}
              autoComplete="organization"
              value={name}
              onChange={(event) => { setName(event.currentTarget.value); }}
            />
          )}
        </Field>
        <ErrorAlert error={error} inlineFields={['name']} />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? 'Creating…' : 'Create organization'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
