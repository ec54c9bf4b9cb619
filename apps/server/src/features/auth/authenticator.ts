import { roleAtLeast, type Role } from '@parley/contracts';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { safeEqual, sha256 } from '../../lib/tokens.js';
import type { ApiKeyStore } from '../api-keys/api-key-store.js';
import type { OrgStore } from '../orgs/org-store.js';
import type { OrgContext, Principal } from './principal.js';
import type { SessionStore } from './session-store.js';

export const API_KEY_PATTERN = /^pk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{32,64}$/;
const OrgHeader = z.uuid();
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthenticatorDeps {
  sessions: SessionStore;
  apiKeys: ApiKeyStore;
  orgs: OrgStore;
  now: () => Date;
}

/** Turns credentials (session cookie or bearer key) into a principal, and a principal into an org context. */
export function createAuthenticator({ sessions, apiKeys, orgs, now }: AuthenticatorDeps) {
  return {
    async fromBearer(header: string): Promise<Principal> {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const key = match?.[1];
      if (!key || !API_KEY_PATTERN.test(key)) {
        throw new AppError('unauthorized', 'The Authorization header must be `Bearer <API key>`');
      }
      const row = await apiKeys.findByHash(sha256(key));
      if (!row) throw new AppError('unauthorized', 'Unknown API key');
      if (row.revokedAt) throw new AppError('api_key_revoked', 'This API key has been revoked');
      const at = now();
      if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
        await apiKeys.touch(row.id, at);
      }
      return { kind: 'apiKey', apiKeyId: row.id, orgId: row.orgId, role: row.role, name: row.name };
    },

    async fromSessionToken(token: string): Promise<Principal> {
      const id = sha256(token);
      const row = await sessions.find(id);
      if (!row) throw new AppError('unauthorized', 'Sign in to continue');
      if (row.expiresAt.getTime() <= now().getTime()) {
        await sessions.delete(id);
        throw new AppError('session_expired', 'Your session has expired; sign in again');
      }
      return { kind: 'session', userId: row.userId, sessionId: id, csrfToken: row.csrfToken };
    },

    checkCsrf(principal: Principal, header: string | undefined): void {
      if (principal.kind !== 'session') return;
      if (!header || !safeEqual(header, principal.csrfToken)) {
        throw new AppError('csrf_failed', 'Missing or wrong x-csrf-token header (get it from GET /api/v1/me)');
      }
    },

    /** The organization the request acts in; a non-member gets 404 so existence does not leak. */
    async orgContext(principal: Principal, orgHeader: string | undefined, required: Role): Promise<OrgContext> {
      let orgId: string;
      let role: Role;
      if (principal.kind === 'apiKey') {
        if (orgHeader && orgHeader !== principal.orgId) throw new AppError('not_found', 'Organization not found');
        orgId = principal.orgId;
        role = principal.role;
      } else if (orgHeader) {
        if (!OrgHeader.safeParse(orgHeader).success) {
          throw new AppError('validation_failed', 'x-parley-org must be an organization id (UUID)');
        }
        const found = await orgs.roleOf(orgHeader, principal.userId);
        if (!found) throw new AppError('not_found', 'Organization not found');
        orgId = orgHeader;
        role = found;
      } else {
        const [first] = await orgs.listForUser(principal.userId);
        if (!first) throw new AppError('not_found', 'You are not a member of any organization');
        orgId = first.id;
        role = first.role;
      }
      if (!roleAtLeast(role, required)) {
        throw new AppError('forbidden', `This action needs the ${required} role or higher; you are ${role}`);
      }
      return { orgId, role, principal, userId: principal.kind === 'session' ? principal.userId : null };
    },
  };
}
export type Authenticator = ReturnType<typeof createAuthenticator>;
