import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { CreatedInvitation, Invitation, Role } from '@parley/contracts';
import { fieldErrorFor } from '../../api/ApiError';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { RoleBadge } from '../../components/RoleBadge';
import { RoleField } from '../../components/RoleField';
import { SecretReveal } from '../../components/SecretReveal';
import { SubmitButton } from '../../components/SubmitButton';
import { TableHead } from '../../components/TableHead';
import { TextField } from '../../components/TextField';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { assignableRoles } from './assignableRoles';

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
  const { pending, error, run } = useAsyncAction();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const result = await api.createInvitation({ email: email.trim(), role });
      setCreated(result);
      setEmail('');
      invitations.update((list) => [result.invitation, ...list.filter((i) => i.id !== result.invitation.id)]);
    });
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
        <TextField
          label="Email"
          className="grow"
          error={fieldErrorFor(error, 'email')}
          type="email"
          required
          autoComplete="off"
          placeholder="teammate@example.com"
          value={email}
          onChange={setEmail}
        />
        <RoleField label="Role" roles={grantable} value={role} onChange={setRole} error={fieldErrorFor(error, 'role')} />
        <div className="inline-form-submit">
          <SubmitButton label="Invite" pendingLabel="Inviting…" pending={pending} />
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
          <TableHead columns={['Email', 'Role', 'Status', 'Invited by', 'Expires']} />
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
