import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { Role } from '@parley/contracts';
import type { CreatedInvitation, Invitation } from '@parley/contracts';
import { fieldErrorFor, toApiError } from '../../api/ApiError';
import type { ApiError } from '../../api/ApiError';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { RoleBadge } from '../../components/RoleBadge';
import { SecretReveal } from '../../components/SecretReveal';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { assignableRoles, roleDescriptions, roleNames } from './assignableRoles';

const statusClass: Record<Invitation['status'], string> = {
  pending: 'badge badge-pending',
  accepted: 'badge badge-on',
  revoked: 'badge badge-off',
  expired: 'badge badge-off',
};

export function InvitationsSection() {
  const { api, role: myRole, org } = useCurrentOrg();
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listInvitations(signal), [api]);
  const invitations = useResource(load);
  const grantable = assignableRoles(myRole);

  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await api.createInvitation({ email: email.trim(), role });
      setCreated(result);
      setEmail('');
      invitations.update((list) => [result.invitation, ...list.filter((i) => i.id !== result.invitation.id)]);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  }

  async function revoke(invitation: Invitation) {
    await api.revokeInvitation(invitation.id);
    invitations.update((list) =>
      list.map((i) => (i.id === invitation.id ? { ...i, status: 'revoked' as const } : i)),
    );
    setRevoking(null);
    notify(`Invitation for ${invitation.email} revoked`);
  }

  return (
    <section className="card stack" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <form className="inline-form" onSubmit={(event) => void submit(event)} aria-label="Invite a teammate">
        <Field label="Email" className="grow" error={fieldErrorFor(error, 'email')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              required
              autoComplete="off"
              placeholder="teammate@example.com"
              value={email}
              onChange={(event) => { setEmail(event.currentTarget.value); }}
            />
          )}
        </Field>
        <Field label="Role" className="role-field" hint={roleDescriptions[role]} error={fieldErrorFor(error, 'role')}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={role}
              onChange={(event) => {
                const parsed = Role.safeParse(event.currentTarget.value);
                if (parsed.success) setRole(parsed.data);
              }}
            >
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {roleNames[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="inline-form-submit">
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
      <ErrorAlert error={error} inlineFields={['email', 'role']} />
      {created ? (
        <SecretReveal
          title={`Invitation for ${created.invitation.email} created`}
          label="Invitation link"
          value={created.url}
          copyLabel="Copy link"
          onDone={() => { setCreated(null); }}
        >
          <p className="alert alert-warning">
            Send this link to {created.invitation.email}. It is shown only once; anyone with the link can join {org.name}{' '}
            as {created.invitation.role} until it expires on {formatDate(created.invitation.expiresAt, true)}.
          </p>
        </SecretReveal>
      ) : null}
      {invitations.state.status === 'loading' ? <Loading label="Loading invitations…" /> : null}
      {invitations.state.status === 'error' ? (
        <ErrorAlert error={invitations.state.error} onRetry={invitations.reload} />
      ) : null}
      {invitations.state.status === 'ready' && invitations.state.data.length === 0 ? (
        <EmptyState title="No invitations yet">
          <p>Invite teammates by email; they get a link to join {org.name}.</p>
        </EmptyState>
      ) : null}
      {invitations.state.status === 'ready' && invitations.state.data.length > 0 ? (
        <table className="table">
          <caption className="sr-only">Invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.state.data.map((invitation) => (
              <tr key={invitation.id} className={invitation.status === 'pending' ? undefined : 'is-inactive'}>
                <td data-label="Email" className="break">
                  {invitation.email}
                </td>
                <td data-label="Role">
                  <RoleBadge role={invitation.role} />
                </td>
                <td data-label="Status">
                  <span className={statusClass[invitation.status]}>{invitation.status}</span>
                </td>
                <td data-label="Invited by">{invitation.invitedBy}</td>
                <td data-label="Expires">{formatDate(invitation.expiresAt)}</td>
                <td className="actions">
                  {invitation.status === 'pending' ? (
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      aria-label={`Revoke invitation for ${invitation.email}`}
                      onClick={() => { setRevoking(invitation); }}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the invitation for ${revoking.email}?`}
          confirmLabel="Revoke invitation"
          onConfirm={() => revoke(revoking)}
          onCancel={() => { setRevoking(null); }}
        >
          <p>The invitation link stops working immediately.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
