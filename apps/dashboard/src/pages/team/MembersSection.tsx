import { useCallback, useState } from 'react';
import type { Member, Role } from '@parley/contracts';
import { toApiError } from '../../api/ApiError';
import type { ApiError } from '../../api/ApiError';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { RoleBadge } from '../../components/RoleBadge';
import { RoleSelect } from '../../components/RoleSelect';
import { TableHead } from '../../components/TableHead';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { useCurrentOrg } from '../../session/useCurrentOrg';
import { useSession } from '../../session/useSession';
import { assignableRoles, canManageRole } from './assignableRoles';

export function MembersSection() {
  const { api, me, role: myRole, org } = useCurrentOrg();
  const { refreshMe } = useSession();
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listMembers(signal), [api]);
  const members = useResource(load);
  const [pendingUserId, setPendingUserId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const grantable = assignableRoles(myRole);

  async function changeRole(member: Member, role: Role) {
    if (role === member.role) return;
    setPendingUserId(member.userId);
    setError(null);
    try {
      const updated = await api.updateMember(member.userId, { role });
      members.update((list) => list.map((m) => (m.userId === updated.userId ? updated : m)));
      notify(`${member.name || member.email} is now ${updated.role}`);
      if (member.userId === me.user.id) await refreshMe();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPendingUserId(null);
    }
  }

  async function remove(member: Member) {
    await api.removeMember(member.userId);
    members.update((list) => list.filter((m) => m.userId !== member.userId));
    setRemoving(null);
    notify(`${member.name || member.email} was removed from ${org.name}`);
  }

  return (
    <section className="card stack" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <ErrorAlert error={error} />
      {members.state.status === 'loading' ? <Loading label="Loading members…" /> : null}
      {members.state.status === 'error' ? <ErrorAlert error={members.state.error} onRetry={members.reload} /> : null}
      {members.state.status === 'ready' && members.state.data.length === 0 ? <EmptyState title="No members" /> : null}
      {members.state.status === 'ready' && members.state.data.length > 0 ? (
        <table className="table">
          <TableHead columns={['Name', 'Email', 'Role', 'Joined']} />
          <tbody>
            {members.state.data.map((member) => {
              const isMe = member.userId === me.user.id;
              const editable = canManageRole(myRole, member.role) && grantable.length > 0;
              const label = member.name || member.email;
              return (
                <tr key={member.userId}>
                  <td data-label="Name">
                    {member.name || '—'} {isMe ? <span className="muted">(you)</span> : null}
                  </td>
                  <td data-label="Email" className="break">
                    {member.email}
                  </td>
                  <td data-label="Role">
                    {editable ? (
                      <>
                        <label htmlFor={`role-${member.userId}`} className="sr-only">
                          Role for {label}
                        </label>
                        <RoleSelect
                          id={`role-${member.userId}`}
                          compact
                          roles={grantable}
                          value={member.role}
                          disabled={pendingUserId === member.userId}
                          onChange={(role) => void changeRole(member, role)}
                        />
                      </>
                    ) : (
                      <RoleBadge role={member.role} />
                    )}
                  </td>
                  <td data-label="Joined">{formatDate(member.joinedAt)}</td>
                  <td className="actions">
                    {editable && !isMe ? (
                      <button
                        type="button"
                        className="button button-danger-outline button-small"
                        aria-label={`Remove ${label}`}
                        onClick={() => { setRemoving(member); }}
                      >
                        Remove
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name || removing.email}?`}
          confirmLabel="Remove member"
          onConfirm={() => remove(removing)}
          onCancel={() => { setRemoving(null); }}
        >
          <p>
            They lose access to {org.name} immediately. You can invite them again later.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
