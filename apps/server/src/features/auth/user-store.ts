import { eq, sql } from 'drizzle-orm';
import { users, type Database } from '@parley/db';

export type UserRow = typeof users.$inferSelect;

/** Users are global (one account, many organizations); org scoping happens through memberships. */
export function createUserStore(db: Database) {
  return {
    async findByEmail(email: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
      return row;
    },
    async findById(id: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row;
    },
    async create(input: { email: string; name: string; passwordHash: string }): Promise<UserRow> {
      const [row] = await db.insert(users).values({ ...input, email: input.email.toLowerCase() }).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async updatePassword(id: string, passwordHash: string): Promise<void> {
      await db.update(users).set({ passwordHash }).where(eq(users.id, id));
    },
  };
}
export type UserStore = ReturnType<typeof createUserStore>;
