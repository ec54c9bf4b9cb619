import { InvitationPreview, Me, ServerMeta } from '@parley/contracts';
import type { AcceptInvitationBody, LoginBody } from '@parley/contracts';
import { requestJson } from './request';

/** Calls made before (or while establishing) a session. */
export const sessionApi = {
  meta: (signal?: AbortSignal) => requestJson(ServerMeta, { path: '/api/v1/meta', signal }),

  /** Answers 401 when nobody is signed in. */
  me: (signal?: AbortSignal) => requestJson(Me, { path: '/api/v1/me', signal }),

  login: (body: LoginBody, csrfToken: string | null) =>
    requestJson(Me, { method: 'POST', path: '/api/v1/auth/login', body, csrfToken }),

  previewInvitation: (token: string, signal?: AbortSignal) =>
    requestJson(InvitationPreview, {
      path: `/api/v1/invitations/${encodeURIComponent(token)}/preview`,
      signal,
    }),

  acceptInvitation: (body: AcceptInvitationBody, csrfToken: string | null) =>
    requestJson(Me, { method: 'POST', path: '/api/v1/invitations/accept', body, csrfToken }),
};
