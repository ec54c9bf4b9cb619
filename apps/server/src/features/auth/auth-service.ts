import type { Me, MeApiKey } from '@parley/contracts';
import { AppError } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { OrgStore } from '../orgs/org-store.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import type { SessionStore } from './session-store.js';
import type { UserRow, UserStore } from './user-store.js';
import type { EventBus } from '../../events/domain-events.js';

export interface AuthServiceDeps {
  users: UserStore;
  sessions: SessionStore;
  orgs: OrgStore;
  sessionTtlMs: number;
  now: () => Date;
  /** Told when sessions end, so their open sockets close. */
  events?: EventBus;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
  me: Me;
}

export function createAuthService({ users, sessions, orgs, sessionTtlMs, now, events }: AuthServiceDeps) {
  async function meOf(user: UserRow, csrfToken: string): Promise<Me> {
    const organizations = await orgs.listForUser(user.id);
    return {
      user: { id: user.id, email: user.email, name: user.name, createdAt: iso(user.createdAt) },
      organizations,
      csrfToken,
    };
  }

  async function startSession(user: UserRow, userAgent: string | undefined): Promise<NewSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(now().getTime() + sessionTtlMs);
    await sessions.create({
      id: sha256(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      userAgent: userAgent?.slice(0, 500) ?? null,
    });
    return { token, expiresAt, me: await meOf(user, csrfToken) };
  }

  /** Checks a password; the same answer and about the same time for an unknown email and a wrong password. */
  async function checkCredentials(email: string, password: string): Promise<UserRow> {
    const user = await users.findByEmail(email);
    if (!user) {
      await burnPasswordCheck(password);
      throw new AppError('invalid_credentials', 'Wrong email or password');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('invalid_credentials', 'Wrong email or password');
    }
    return user;
  }

  return {
    checkCredentials,
    startSession,

    async login(email: string, password: string, userAgent: string | undefined): Promise<NewSession> {
      return startSession(await checkCredentials(email, password), userAgent);
    },

    async logout(sessionId: string): Promise<void> {
      await sessions.delete(sessionId);
      events?.emit({ type: 'access.revoked', orgId: null, target: { kind: 'session', sessionId } });
    },

    async me(principal: Principal): Promise<Me | MeApiKey> {
      if (principal.kind === 'apiKey') {
        const org = await orgs.find(principal.orgId);
        if (!org) throw new AppError('unauthorized', 'Unknown API key');
        return {
          apiKey: { id: principal.apiKeyId, name: principal.name, role: principal.role },
          organization: { id: org.id, name: org.name },
        };
      }
      const user = await users.findById(principal.userId);
      if (!user) throw new AppError('unauthorized', 'Sign in to continue');
      return meOf(user, principal.csrfToken);
    },

    /** Changes the password and signs out every other session of the user. */
    async changePassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
      const user = await users.findById(userId);
      if (!user) throw new AppError('unauthorized', 'Sign in to continue');
      if (!(await verifyPassword(user.passwordHash, current))) {
        throw new AppError('invalid_credentials', 'The current password is wrong');
      }
      await users.updatePassword(userId, await hashPassword(next));
      await sessions.deleteOthers(userId, sessionId);
      events?.emit({ type: 'access.revoked', orgId: null, target: { kind: 'user', userId, exceptSessionId: sessionId } });
    },

  };
}
export type AuthService = ReturnType<typeof createAuthService>;
