import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { ApiKey, CreatedApiKey } from '@parley/contracts';
import { fieldErrorFor } from '../api/ApiError';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../components/formatDate';
import { Loading } from '../components/Loading';
import { RoleBadge } from '../components/RoleBadge';
import { RoleField } from '../components/RoleField';
import { SecretReveal } from '../components/SecretReveal';
import { SubmitButton } from '../components/SubmitButton';
import { TableHead } from '../components/TableHead';
import { TextField } from '../components/TextField';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { useNotify } from '../notify/useNotify';
import { useCurrentOrg } from '../session/useCurrentOrg';

const keyRoles = ['admin', 'agent', 'viewer'] as const;

export function ApiKeysPage() {
  usePageTitle('API keys');
  const { org, canManage } = useCurrentOrg();
  return (
    <div className="page">
      <div className="page-header">
        <h1>API keys</h1>
        <p className="lede">
          Keys let your own servers and scripts call the Parley API for {org.name}. Send one as{' '}
          <code>Authorization: Bearer &lt;key&gt;</code>.
        </p>
      </div>
      {canManage ? (
        <ApiKeysManager />
      ) : (
        <EmptyState title="Only owners and admins can manage API keys.">
          <p>Ask an admin of {org.name} if you need a key.</p>
        </EmptyState>
      )}
    </div>
  );
}

function ApiKeysManager() {
  const { api } = useCurrentOrg();
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listApiKeys(signal), [api]);
  const keys = useResource(load);
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof keyRoles)[number]>('admin');
  const { pending, error, run } = useAsyncAction();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const result = await api.createApiKey({ name: name.trim(), role });
      setCreated(result);
      setName('');
      keys.update((list) => [result.apiKey, ...list]);
    });
  }

  async function revoke(key: ApiKey) {
    await api.revokeApiKey(key.id);
    const now = new Date().toISOString();
    keys.update((list) => list.map((k) => (k.id === key.id ? { ...k, revokedAt: k.revokedAt ?? now } : k)));
    setRevoking(null);
    notify(`API key “${key.name}” revoked`);
  }

  return (
    <div className="stack-loose">
      <section className="card stack" aria-labelledby="new-key-title">
        <h2 id="new-key-title">Create a key</h2>
        <form className="inline-form" onSubmit={(event) => void submit(event)}>
          <TextField
            label="Key name"
            className="grow"
            hint="What the key is for, e.g. “CRM sync”."
            error={fieldErrorFor(error, 'name')}
            required
            maxLength={100}
            value={name}
            onChange={setName}
          />
          <RoleField label="Key role" roles={keyRoles} value={role} onChange={setRole} error={fieldErrorFor(error, 'role')} />
          <div className="inline-form-submit">
            <SubmitButton label="Create API key" pendingLabel="Creating…" pending={pending} />
          </div>
        </form>
        <ErrorAlert error={error} inlineFields={['name', 'role']} />
        {created ? (
          <SecretReveal
            title={`API key “${created.apiKey.name}” created`}
            label="New API key"
            value={created.key}
            copyLabel="Copy key"
            onDone={() => { setCreated(null); }}
          >
            <p className="alert alert-warning">
              Copy this key now and store it somewhere safe. It is shown only once: Parley keeps only a hash of it.
            </p>
          </SecretReveal>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        {keys.state.status === 'loading' ? <Loading label="Loading API keys…" /> : null}
        {keys.state.status === 'error' ? <ErrorAlert error={keys.state.error} onRetry={keys.reload} /> : null}
        {keys.state.status === 'ready' && keys.state.data.length === 0 ? (
          <EmptyState title="No API keys yet">
            <p>Create a key to call the API from your own systems.</p>
          </EmptyState>
        ) : null}
        {keys.state.status === 'ready' && keys.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">API keys</caption>
            <TableHead columns={['Name', 'Key', 'Role', 'Created', 'Last used', 'Status']} />
            <tbody>
              {keys.state.data.map((key) => (
                <tr key={key.id} className={key.revokedAt ? 'is-inactive' : undefined}>
                  <td data-label="Name">{key.name}</td>
                  <td data-label="Key">
                    <code>{key.prefix}…</code>
                  </td>
                  <td data-label="Role">
                    <RoleBadge role={key.role} />
                  </td>
                  <td data-label="Created">{formatDate(key.createdAt)}</td>
                  <td data-label="Last used">{key.lastUsedAt ? formatDate(key.lastUsedAt, true) : 'Never'}</td>
                  <td data-label="Status">
                    {key.revokedAt ? (
                      <span className="badge badge-off">Revoked {formatDate(key.revokedAt)}</span>
                    ) : (
                      <span className="badge badge-on">Active</span>
                    )}
                  </td>
                  <td className="actions">
                    {key.revokedAt ? null : (
                      <button
                        type="button"
                        className="button button-danger-outline button-small"
                        aria-label={`Revoke API key ${key.name}`}
                        onClick={() => { setRevoking(key); }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {revoking ? (
        <ConfirmDialog
          title={`Revoke API key “${revoking.name}”?`}
          confirmLabel="Revoke key"
          onConfirm={() => revoke(revoking)}
          onCancel={() => { setRevoking(null); }}
        >
          <p>Requests using this key fail immediately. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
