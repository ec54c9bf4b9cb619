import type { CreatedInvitation, Invitation, InvitationPreview, Role } from '@parley/contracts';
import { AppError, forbidden, notFound } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { AuthService, NewSession } from '../auth/auth-service.js';
import { hashPassword } from '../auth/password.js';
import type { OrgContext } from '../auth/principal.js';
import type { UserStore } from '../auth/user-store.js';
import type { Transact } from '../data-store.js';
import type { OrgStore } from '../orgs/org-store.js';
import type { InvitationRow, InvitationStore, InvitationWithOrg } from './invitation-store.js';

export interface InvitationServiceDeps {
  invitations: InvitationStore;
  users: UserStore;
  orgs: OrgStore;
  auth: AuthService;
  transact: Transact;
  publicUrl: string;
  ttlMs: number;
  now: () => Date;
}

const invalid = () => new AppError('invitation_invalid', 'This invitation link is invalid, expired, revoked or already used');

export function createInvitationService(deps: InvitationServiceDeps) {
  const { invitations, users, orgs, auth, transact, publicUrl, ttlMs, now } = deps;

  function status(row: InvitationRow): Invitation['status'] {
    if (row.acceptedAt) return 'accepted';
    if (row.revokedAt) return 'revoked';
    if (row.expiresAt.getTime() <= now().getTime()) return 'expired';
    return 'pending';
  }

  const toInvitation = (row: InvitationRow): Invitation => ({
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedByName ?? 'a former member',
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    status: status(row),
  });

  async function pending(token: string): Promise<InvitationWithOrg> {
    const row = await invitations.findByTokenHash(sha256(token));
    if (!row || status(row) !== 'pending') throw invalid();
    return row;
  }

  return {
    async list(ctx: OrgContext): Promise<Invitation[]> {
      return (await invitations.list(ctx.orgId)).map(toInvitation);
    },

    async create(ctx: OrgContext, email: string, role: Role): Promise<CreatedInvitation> {
      if (role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can invite another owner');
      const members = await orgs.listMembers(ctx.orgId);
      if (members.some((m) => m.email.toLowerCase() === email)) {
        throw new AppError('conflict', `${email} is already a member of this organization`);
      }
      const token = randomToken(32);
      const row = await invitations.create({
        orgId: ctx.orgId,
        email,
        role,
        tokenHash: sha256(token),
        invitedBy: ctx.userId,
        expiresAt: new Date(now().getTime() + ttlMs),
      });
      const inviter = ctx.userId ? await users.findById(ctx.userId) : undefined;
      return {
        invitation: toInvitation({ ...row, invitedByName: inviter?.name ?? 'an API key' }),
        url: `${publicUrl}/app/invite/${token}`,
      };
    },

    async revoke(ctx: OrgContext, id: string): Promise<void> {
      if (await invitations.revoke(ctx.orgId, id, now())) return;
      if (await invitations.exists(ctx.orgId, id)) throw new AppError('conflict', 'This invitation was already used or revoked');
      throw notFound('Invitation');
    },

    async preview(token: string): Promise<InvitationPreview> {
      const row = await pending(token);
      return {
        organization: row.orgName,
        email: row.email,
        role: row.role,
        invitedBy: row.invitedByName ?? 'a former member',
        existingUser: (await users.findByEmail(row.email)) !== undefined,
      };
    },

    /**
     * Joins the organization. A new person chooses a name and password; someone with an
     * account proves it with their password. Either way they are signed in.
     */
    async accept(token: string, name: string | undefined, password: string, userAgent: string | undefined): Promise<NewSession> {
      const row = await pending(token);
      const existing = await users.findByEmail(row.email);
      if (existing) await auth.checkCredentials(row.email, password);
      else if (password.length < 8) {
        throw new AppError('validation_failed', 'password: must be at least 8 characters', [
          { path: 'body.password', message: 'must be at least 8 characters' },
        ]);
      }
      // Hash before the transaction: it takes tens of milliseconds and needs no lock.
      const account = existing ?? {
        email: row.email,
        name: name ?? row.email.split('@')[0] ?? row.email,
        passwordHash: await hashPassword(password),
      };
      const user = await transact(async (tx) => {
        if (!(await tx.invitations.markAccepted(row.id, now()))) throw invalid();
        const joining = 'id' in account ? account : await tx.users.create(account);
        // A second invitation to someone who joined meanwhile: their role stays, and this one stays unused.
        if (!(await tx.orgs.addMember(row.orgId, joining.id, row.role))) {
          throw new AppError('conflict', `You are already a member of ${row.orgName}: sign in instead`);
        }
        return joining;
      });
      return auth.startSession(user, userAgent);
    },
  };
}
export type InvitationService = ReturnType<typeof createInvitationService>;
