import type { Member, Organization, OrgSummary, Role } from '@parley/contracts';
import { AppError, forbidden, notFound } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { Transact } from '../data-store.js';
import type { MemberRow, OrgRow, OrgStore } from './org-store.js';
import type { EventBus } from '../../events/domain-events.js';

const toOrganization = (o: OrgRow): Organization => ({ id: o.id, name: o.name, createdAt: iso(o.createdAt) });
const toMember = (m: MemberRow): Member => ({ ...m, joinedAt: iso(m.joinedAt) });

const lastOwner = () =>
  new AppError('last_owner', 'An organization needs at least one owner; make someone else owner first');

/** Only an owner may grant, change or remove the owner role. */
function assertMayTouchRole(ctx: OrgContext, role: Role): void {
  if (role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can grant or change the owner role');
}

export function createOrgService({ orgs, transact, events }: { orgs: OrgStore; transact: Transact; events?: EventBus }) {
  return {
    async listMine(userId: string): Promise<OrgSummary[]> {
      return orgs.listForUser(userId);
    },

    async create(userId: string, name: string): Promise<Organization> {
      return toOrganization(await transact((s) => s.orgs.createWithOwner(name, userId)));
    },

    async get(ctx: OrgContext): Promise<Organization> {
      const org = await orgs.find(ctx.orgId);
      if (!org) throw notFound('Organization');
      return toOrganization(org);
    },

    async rename(ctx: OrgContext, name: string): Promise<Organization> {
      const org = await orgs.rename(ctx.orgId, name);
      if (!org) throw notFound('Organization');
      return toOrganization(org);
    },

    async listMembers(ctx: OrgContext): Promise<Member[]> {
      return (await orgs.listMembers(ctx.orgId)).map(toMember);
    },

    async changeRole(ctx: OrgContext, userId: string, role: Role): Promise<Member> {
      return transact(async ({ orgs: tx }) => {
        await tx.lock(ctx.orgId);
        const member = await tx.findMember(ctx.orgId, userId);
        if (!member) throw notFound('Member');
        assertMayTouchRole(ctx, member.role);
        assertMayTouchRole(ctx, role);
        if (member.role === 'owner' && role !== 'owner' && (await tx.countOwners(ctx.orgId)) <= 1) {
          throw lastOwner();
        }
        await tx.setRole(ctx.orgId, userId, role);
        return toMember({ ...member, role });
      }).then((updated) => {
        // Their open sockets carry the old role: closed, a reconnect gets the new one.
        events?.emit({ type: 'access.revoked', orgId: ctx.orgId, target: { kind: 'member', userId } });
        return updated;
      });
    },

    /** Admins remove others; anyone may leave (remove themselves). */
    async removeMember(ctx: OrgContext, userId: string): Promise<void> {
      const self = ctx.userId === userId;
      if (!self && ctx.role !== 'owner' && ctx.role !== 'admin') throw forbidden('Only admins can remove members');
      await transact(async ({ orgs: tx }) => {
        await tx.lock(ctx.orgId);
        const member = await tx.findMember(ctx.orgId, userId);
        if (!member) throw notFound('Member');
        if (!self) assertMayTouchRole(ctx, member.role);
        if (member.role === 'owner' && (await tx.countOwners(ctx.orgId)) <= 1) throw lastOwner();
        await tx.removeMember(ctx.orgId, userId);
      });
      events?.emit({ type: 'access.revoked', orgId: ctx.orgId, target: { kind: 'member', userId } });
    },
  };
}
export type OrgService = ReturnType<typeof createOrgService>;
