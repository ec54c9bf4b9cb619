import { roleAtLeast } from '@parley/contracts';
import type { Me, OrgSummary, Role } from '@parley/contracts';
import type { Api } from '../api/createApi';
import { useSession } from './useSession';

export interface CurrentOrg {
  me: Me;
  org: OrgSummary;
  role: Role;
  /** True for owners and admins: they manage bots, members, invitations and API keys. */
  canManage: boolean;
  api: Api;
}

/** For pages rendered inside the app shell, which only renders them once an organization is selected. */
export function useCurrentOrg(): CurrentOrg {
  const { signedIn } = useSession();
  if (!signedIn?.currentOrg) throw new Error('useCurrentOrg needs a signed-in session with an organization');
  const { me, currentOrg, api } = signedIn;
  return { me, org: currentOrg, role: currentOrg.role, canManage: roleAtLeast(currentOrg.role, 'admin'), api };
}
