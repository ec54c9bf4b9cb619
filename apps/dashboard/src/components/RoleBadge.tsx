import type { Role } from '@parley/contracts';

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-role badge-${role}`}>{role}</span>;
}
