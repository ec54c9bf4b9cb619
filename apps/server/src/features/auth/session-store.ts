import { and, eq, lt, ne } from 'drizzle-orm';
import { sessions, type Database } from '@parley/db';

export type SessionRow = typeof sessions.$inferSelect;

export function createSessionStore(db: Database) {
  return {
    async create(input: { id: string; userId: string; csrfToken: string; expiresAt: Date; userAgent: string | null }): Promise<void> {
      await db.insert(sessions).values(input);
    },
    async find(id: string): Promise<SessionRow | undefined> {
      const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
      return row;
    },
    async delete(id: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    /** Signs a user out everywhere but `keep` (after a password change). */
    async deleteOthers(userId: string, keep: string): Promise<void> {
      await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keep)));
    },
    async deleteExpired(now: Date): Promise<void> {
      await db.delete(sessions).where(lt(sessions.expiresAt, now));
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
