import { and, asc, count, eq } from 'drizzle-orm';
import type { Role } from '@parley/contracts';
import { memberships, organizations, users, type Database } from '@parley/db';

export type OrgRow = typeof organizations.$inferSelect;
export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}
export interface UserOrgRow {
  id: string;
  name: string;
  role: Role;
}

const memberColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

/** Organizations and memberships. Every query on an organization's data takes its id. */
export function createOrgStore(db: Database) {
  return {
    async createWithOwner(name: string, ownerId: string): Promise<OrgRow> {
      const [org] = await db.insert(organizations).values({ name }).returning();
      if (!org) throw new Error('insert returned no row');
      await db.insert(memberships).values({ orgId: org.id, userId: ownerId, role: 'owner' });
      return org;
    },
    async find(orgId: string): Promise<OrgRow | undefined> {
      const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
      return row;
    },
    async rename(orgId: string, name: string): Promise<OrgRow | undefined> {
      const [row] = await db.update(organizations).set({ name }).where(eq(organizations.id, orgId)).returning();
      return row;
    },
    async listForUser(userId: string): Promise<UserOrgRow[]> {
      return db
        .select({ id: organizations.id, name: organizations.name, role: memberships.role })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.orgId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt), asc(organizations.name));
    },
    async roleOf(orgId: string, userId: string): Promise<Role | undefined> {
      const [row] = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
      return row?.role;
    },
    /** False when the user is a member already (their role stays). */
    async addMember(orgId: string, userId: string, role: Role): Promise<boolean> {
      const added = await db.insert(memberships).values({ orgId, userId, role }).onConflictDoNothing().returning({ userId: memberships.userId });
      return added.length > 0;
    },
    async listMembers(orgId: string): Promise<MemberRow[]> {
      return db
        .select(memberColumns)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.orgId, orgId))
        .orderBy(asc(memberships.createdAt));
    },
    async findMember(orgId: string, userId: string): Promise<MemberRow | undefined> {
      const [row] = await db
        .select(memberColumns)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
      return row;
    },
    async setRole(orgId: string, userId: string, role: Role): Promise<void> {
      await db
        .update(memberships)
        .set({ role })
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    },
    async removeMember(orgId: string, userId: string): Promise<void> {
      await db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    },
    /** Serialises membership changes of one organization (last-owner checks); use inside a transaction. */
    async lock(orgId: string): Promise<void> {
      await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for('update');
    },
    async countOwners(orgId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')));
      return row?.n ?? 0;
    },
  };
}
export type OrgStore = ReturnType<typeof createOrgStore>;
