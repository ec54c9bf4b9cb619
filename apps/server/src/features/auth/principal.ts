import type { Role } from '@parley/contracts';

export type Principal =
  | { kind: 'session'; userId: string; sessionId: string; csrfToken: string }
  | { kind: 'apiKey'; apiKeyId: string; orgId: string; role: Role; name: string };

/** Who acts inside an organization, and with which role. */
export interface OrgContext {
  orgId: string;
  role: Role;
  principal: Principal;
  /** The acting user, when the principal is a person. */
  userId: string | null;
}

/**
 * What a route requires. `public`: nobody; `session`: a signed-in person;
 * `any`: a person or an API key; `{ role }`: a member of the selected organization with at least `role`.
 */
export type Access = 'public' | 'session' | 'any' | { role: Role };
