import type { Member, Organization, OrgSummary, Role } from '@parley/contracts';
import { AppError, forbidden, notFound } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { MemberRow, OrgRow, OrgStore } from './org-store.js';

const toOrganization = (o: OrgRow): Organization => ({ id: o.id, name: o.name, createdAt: iso(o.createdAt) });
const toMember = (m: MemberRow): Member => ({ ...m, joinedAt: iso(m.joinedAt) });

/** Only an owner may grant, change or remove the owner role. */
function assertMayTouchRole(ctx: OrgContext, role: Role): void {
  if (role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can grant or change the owner role');
}

export function createOrgService({ orgs }: { orgs: OrgStore }) {
  return {
    async listMine(userId: string): Promise<OrgSummary[]> {
      return orgs.listForUser(userId);
    },

    async create(userId: string, name: string): Promise<Organization> {
      return toOrganization(await orgs.transaction((tx) => orgs.createWithOwner(name, userId, tx)));
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
      return orgs.transaction(async (tx) => {
        await orgs.lock(ctx.orgId, tx);
        const member = await orgs.findMember(ctx.orgId, userId);
        if (!member) throw notFound('Member');
        assertMayTouchRole(ctx, member.role);
        assertMayTouchRole(ctx, role);
        if (member.role === 'owner' && role !== 'owner' && (await orgs.countOwners(ctx.orgId, tx)) <= 1) {
          throw new AppError('last_owner', 'An organization needs at least one owner; make someone else owner first');
        }
        await orgs.setRole(ctx.orgId, userId, role, tx);
        return toMember({ ...member, role });
      });
    },

    /** Admins remove others; anyone may leave (remove themselves). */
    async removeMember(ctx: OrgContext, userId: string): Promise<void> {
      const self = ctx.userId === userId;
      if (!self && ctx.role !== 'owner' && ctx.role !== 'admin') throw forbidden('Only admins can remove members');
      await orgs.transaction(async (tx) => {
        await orgs.lock(ctx.orgId, tx);
        const member = await orgs.findMember(ctx.orgId, userId);
        if (!member) throw notFound('Member');
        if (!self) assertMayTouchRole(ctx, member.role);
        if (member.role === 'owner' && (await orgs.countOwners(ctx.orgId, tx)) <= 1) {
          throw new AppError('last_owner', 'An organization needs at least one owner; make someone else owner first');
        }
        await orgs.removeMember(ctx.orgId, userId, tx);
      });
    },
  };
}
export type OrgService = ReturnType<typeof createOrgService>;
