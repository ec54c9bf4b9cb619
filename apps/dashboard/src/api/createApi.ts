import {
  ApiKey,
  Bot,
  BotIdentitySecret,
  Conversation,
  ConversationSummary,
  CreatedApiKey,
  CreatedInvitation,
  Invitation,
  Me,
  Member,
  Message,
  Organization,
  OrgSummary,
  Visitor,
} from '@parley/contracts';
import type {
  ConversationStatus,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateBotBody,
  CreateInvitationBody,
  CreateOrgBody,
  UpdateBotBody,
  UpdateMemberBody,
} from '@parley/contracts';
import type { ApiError } from './ApiError';
import { createAssistantApi } from './assistantApi';
import { createReleasesApi } from './releasesApi';
import { ReplyResult } from './ReplyResult';
import { requestEmpty, requestJson } from './request';
import { createWebhooksApi } from './webhooksApi';

/** A reply or internal note; the client id makes resends (socket, then REST) the same message. */
export interface ReplyBody {
  body: string;
  internal: boolean;
  clientId: string;
}

/** How many conversations one inbox request loads, and how many messages the server answers at most. */
export const CONVERSATION_PAGE = 50;
export const MESSAGE_PAGE = 500;

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

    /** A page of the inbox, newest activity first; `before` (a row of the previous page) gives the next one. */
    listConversations: (statuses: readonly ConversationStatus[], signal?: AbortSignal, before?: { at: string; id: string }) =>
      requestJson(ConversationSummary.array(), {
        ...org,
        path:
          `/api/v1/conversations?status=${statuses.map(seg).join(',')}&limit=${CONVERSATION_PAGE}` +
          (before ? `&beforeAt=${encodeURIComponent(before.at)}&beforeId=${seg(before.id)}` : ''),
        signal,
      }),
    getConversation: (id: string, signal?: AbortSignal) =>
      requestJson(Conversation, { ...org, path: `/api/v1/conversations/${seg(id)}`, signal }),
    /** Messages after `afterSeq`, internal notes included, oldest first (at most MESSAGE_PAGE). */
    listMessages: (id: string, afterSeq: number, signal?: AbortSignal) =>
      requestJson(Message.array(), {
        ...org,
        path: `/api/v1/conversations/${seg(id)}/messages?afterSeq=${afterSeq}`,
        signal,
      }),
    sendMessage: (id: string, body: ReplyBody) =>
      requestJson(ReplyResult, { ...org, method: 'POST', path: `/api/v1/conversations/${seg(id)}/messages`, body }),
    assignConversation: (id: string, assigneeId: string | null) =>
      requestJson(Conversation, {
        ...org,
        method: 'POST',
        path: `/api/v1/conversations/${seg(id)}/assign`,
        body: { assigneeId },
      }),
    resolveConversation: (id: string) =>
      requestJson(Conversation, { ...org, method: 'POST', path: `/api/v1/conversations/${seg(id)}/resolve` }),
    reopenConversation: (id: string) =>
      requestJson(Conversation, { ...org, method: 'POST', path: `/api/v1/conversations/${seg(id)}/reopen` }),
    /** An agent takes the conversation from the bot (human mode). */
    takeOver: (id: string) =>
      requestJson(Conversation, { ...org, method: 'POST', path: `/api/v1/conversations/${seg(id)}/take-over` }),
    /** Human mode off: the bot answers again. */
    handBack: (id: string) =>
      requestJson(Conversation, { ...org, method: 'POST', path: `/api/v1/conversations/${seg(id)}/hand-back` }),
    getVisitor: (id: string, signal?: AbortSignal) =>
      requestJson(Visitor, { ...org, path: `/api/v1/visitors/${seg(id)}`, signal }),

    ...createReleasesApi(org),
    ...createAssistantApi(org),
    ...createWebhooksApi(org),
  };
}

export type Api = ReturnType<typeof createApi>;
