import {
  ApiKey,
  Bot,
  BotIdentitySecret,
  CreatedApiKey,
  CreatedInvitation,
  Invitation,
  Me,
  Member,
  Organization,
  OrgSummary,
} from '@parley/contracts';
import type {
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateBotBody,
  CreateInvitationBody,
  CreateOrgBody,
  UpdateBotBody,
  UpdateMemberBody,
} from '@parley/contracts';
import type { ApiError } from './ApiError';
import { requestEmpty, requestJson } from './request';

export interface ApiContext {
  csrfToken: string;
  /** The organization chosen in the org switcher; sent as `x-parley-org`. */
  orgId: string | null;
  onUnauthorized: (error: ApiError) => void;
}

const seg = encodeURIComponent;

/** Authenticated API calls, bound to the session's CSRF token and the selected organization. */
export function createApi({ csrfToken, orgId, onUnauthorized }: ApiContext) {
  const user = { csrfToken, onUnauthorized };
  const org = { csrfToken, onUnauthorized, orgId };

  return {
    me: (signal?: AbortSignal) => requestJson(Me, { ...user, path: '/api/v1/me', signal }),
    logout: () => requestEmpty({ ...user, method: 'POST', path: '/api/v1/auth/logout' }),
    changePassword: (body: ChangePasswordBody) =>
      requestEmpty({ ...user, method: 'POST', path: '/api/v1/me/password', body }),

    listOrgs: (signal?: AbortSignal) =>
      requestJson(OrgSummary.array(), { ...user, path: '/api/v1/orgs', signal }),
    createOrg: (body: CreateOrgBody) =>
      requestJson(Organization, { ...user, method: 'POST', path: '/api/v1/orgs', body }),

    listMembers: (signal?: AbortSignal) =>
      requestJson(Member.array(), { ...org, path: '/api/v1/members', signal }),
    updateMember: (userId: string, body: UpdateMemberBody) =>
      requestJson(Member, { ...org, method: 'PATCH', path: `/api/v1/members/${seg(userId)}`, body }),
    removeMember: (userId: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `/api/v1/members/${seg(userId)}` }),

    listInvitations: (signal?: AbortSignal) =>
      requestJson(Invitation.array(), { ...org, path: '/api/v1/invitations', signal }),
    createInvitation: (body: CreateInvitationBody) =>
      requestJson(CreatedInvitation, { ...org, method: 'POST', path: '/api/v1/invitations', body }),
    revokeInvitation: (id: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `/api/v1/invitations/${seg(id)}` }),

    listApiKeys: (signal?: AbortSignal) =>
      requestJson(ApiKey.array(), { ...org, path: '/api/v1/api-keys', signal }),
    createApiKey: (body: CreateApiKeyBody) =>
      requestJson(CreatedApiKey, { ...org, method: 'POST', path: '/api/v1/api-keys', body }),
    revokeApiKey: (id: string) => requestEmpty({ ...org, method: 'DELETE', path: `/api/v1/api-keys/${seg(id)}` }),

    listBots: (signal?: AbortSignal) =>
      requestJson(Bot.array(), { ...org, path: '/api/v1/bots', signal }),
    getBot: (id: string, signal?: AbortSignal) =>
      requestJson(Bot, { ...org, path: `/api/v1/bots/${seg(id)}`, signal }),
    createBot: (body: CreateBotBody) => requestJson(Bot, { ...org, method: 'POST', path: '/api/v1/bots', body }),
    updateBot: (id: string, body: UpdateBotBody) =>
      requestJson(Bot, { ...org, method: 'PATCH', path: `/api/v1/bots/${seg(id)}`, body }),
    deleteBot: (id: string) => requestEmpty({ ...org, method: 'DELETE', path: `/api/v1/bots/${seg(id)}` }),
    getIdentitySecret: (id: string) =>
      requestJson(BotIdentitySecret, { ...org, path: `/api/v1/bots/${seg(id)}/identity-secret` }),
    rotateIdentitySecret: (id: string) =>
      requestJson(BotIdentitySecret, {
        ...org,
        method: 'POST',
        path: `/api/v1/bots/${seg(id)}/identity-secret/rotate`,
      }),
  };
}

export type Api = ReturnType<typeof createApi>;
