import { roleAtLeast, roles } from '@parley/contracts';
import type { Role } from '@parley/contracts';

/** Roles `actor` may grant: owners grant any role, admins any but owner, others none. */
export function assignableRoles(actor: Role): Role[] {
  if (actor === 'owner') return [...roles];
  if (roleAtLeast(actor, 'admin')) return roles.filter((r) => r !== 'owner');
  return [];
}

/** Whether `actor` may change or remove someone who has `target` role. */
export function canManageRole(actor: Role, target: Role): boolean {
  return actor === 'owner' || (roleAtLeast(actor, 'admin') && target !== 'owner');
}

export const roleNames: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  agent: 'Agent',
  viewer: 'Viewer',
};

export const roleDescriptions: Record<Role, string> = {
  owner: 'Owners have full control, including over other owners.',
  admin: 'Admins manage bots, members, invitations and API keys.',
  agent: 'Agents answer conversations; they cannot change settings.',
  viewer: 'Viewers can look but not change anything.',
};
