import { createContext } from 'react';
import type { Me, OrgSummary, ServerMeta } from '@parley/contracts';
import type { ApiError } from '../api/ApiError';
import type { Api } from '../api/createApi';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason: 'initial' | 'signedOut' | 'expired' }
  | { status: 'signedIn'; me: Me }
  | { status: 'error'; error: ApiError };

export type MetaState =
  | { status: 'loading' }
  | { status: 'ready'; meta: ServerMeta }
  | { status: 'error'; error: ApiError };

export interface SignedInSession {
  me: Me;
  /** The organization selected in the org switcher, or null when the user belongs to none. */
  currentOrg: OrgSummary | null;
  /** API calls bound to this session's CSRF token and the selected organization. */
  api: Api;
}

export interface SessionValue {
  auth: AuthState;
  meta: MetaState;
  signedIn: SignedInSession | null;
  /** Retries loading the session after a network/server error. */
  retry: () => void;
  reloadMeta: () => void;
  /** Records a session established by sign-in or by accepting an invitation. */
  establish: (me: Me, preferredOrgId?: string | null) => void;
  /** Re-reads `/me` (after a role change or a new organization). */
  refreshMe: () => Promise<void>;
  selectOrg: (orgId: string) => void;
  /** Ends the session on the server, then locally. Throws ApiError when the server refuses. */
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);
