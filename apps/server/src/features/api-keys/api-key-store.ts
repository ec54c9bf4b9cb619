import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Role } from '@parley/contracts';
import { apiKeys, users, type Database } from '@parley/db';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyListRow = ApiKeyRow & { createdByName: string | null };

export function createApiKeyStore(db: Database) {
  return {
    async create(input: {
      orgId: string;
      name: string;
      role: Role;
      prefix: string;
      keyHash: string;
      createdBy: string | null;
    }): Promise<ApiKeyRow> {
      const [row] = await db.insert(apiKeys).values(input).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async list(orgId: string): Promise<ApiKeyListRow[]> {
      const rows = await db
        .select({ key: apiKeys, createdByName: users.name })
        .from(apiKeys)
        .leftJoin(users, eq(users.id, apiKeys.createdBy))
        .where(eq(apiKeys.orgId, orgId))
        .orderBy(desc(apiKeys.createdAt));
      return rows.map((r) => ({ ...r.key, createdByName: r.createdByName }));
    },
    async revoke(orgId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length > 0;
    },
    async exists(orgId: string, id: string): Promise<boolean> {
      const rows = await db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id)));
      return rows.length > 0;
    },
    /** Authentication lookup: the hash identifies the key and, through it, the organization. */
    async findByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
      return row;
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
    },
  };
}
export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;
