import { z } from 'zod';

export const roles = ['owner', 'admin', 'agent', 'viewer'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** True when `actual` grants at least what `required` does. */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}
