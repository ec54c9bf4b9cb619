import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Role } from '@parley/contracts';
import { invitations, organizations, users, type Database } from '@parley/db';

export type InvitationRow = typeof invitations.$inferSelect & { invitedByName: string | null };
export type InvitationWithOrg = InvitationRow & { orgName: string };

const columns = { inv: invitations, invitedByName: users.name };

export function createInvitationStore(db: Database) {
  return {
    async create(input: {
      orgId: string;
      email: string;
      role: Role;
      tokenHash: string;
      invitedBy: string | null;
      expiresAt: Date;
    }): Promise<typeof invitations.$inferSelect> {
      const [row] = await db.insert(invitations).values(input).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async list(orgId: string): Promise<InvitationRow[]> {
      const rows = await db
        .select(columns)
        .from(invitations)
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(eq(invitations.orgId, orgId))
        .orderBy(desc(invitations.createdAt));
      return rows.map((r) => ({ ...r.inv, invitedByName: r.invitedByName }));
    },
    async revoke(orgId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(invitations)
        .set({ revokedAt: at })
        .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id), isNull(invitations.revokedAt), isNull(invitations.acceptedAt)))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },
    async exists(orgId: string, id: string): Promise<boolean> {
      const rows = await db
        .select({ id: invitations.id })
        .from(invitations)
        .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
      return rows.length > 0;
    },
    /** Lookup by the secret link: the token identifies the invitation and its organization. */
    async findByTokenHash(tokenHash: string): Promise<InvitationWithOrg | undefined> {
      const [row] = await db
        .select({ ...columns, orgName: organizations.name })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.orgId))
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(eq(invitations.tokenHash, tokenHash));
      return row ? { ...row.inv, invitedByName: row.invitedByName, orgName: row.orgName } : undefined;
    },
    /** Marks it accepted once; false when someone else used it first. */
    async markAccepted(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(invitations)
        .set({ acceptedAt: at })
        .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },
  };
}
export type InvitationStore = ReturnType<typeof createInvitationStore>;
