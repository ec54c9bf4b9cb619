import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { activeReleases, bots, widgetReleases, type Database } from '@parley/db';
import type { ReleaseStatus } from '@parley/contracts';

export type ReleaseRow = typeof widgetReleases.$inferSelect;

export interface NewRelease {
  semver: string;
  major: number;
  minor: number;
  patch: number;
  config: unknown;
  runtime: string;
  changelog: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface DraftPatch {
  semver?: string;
  major?: number;
  minor?: number;
  patch?: number;
  config?: unknown;
  changelog?: string;
}

/** PostgreSQL's unique_violation, whether drizzle wraps the driver's error or not. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 3; depth++) {
    if ('code' in e && e.code === '23505') return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}

const newestFirst = [desc(widgetReleases.major), desc(widgetReleases.minor), desc(widgetReleases.patch)];

/** Widget releases of a bot and which one is active. Every query is scoped by organization. */
export function createReleaseStore(db: Database) {
  return {
    /** Serializes publishes and rollbacks of one bot (inside a transaction). */
    async lockBot(orgId: string, botId: string): Promise<boolean> {
      const rows = await db
        .select({ id: bots.id })
        .from(bots)
        .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)))
        .for('update');
      return rows.length > 0;
    },

    /** `undefined` when the bot already has this version. */
    async create(orgId: string, botId: string, input: NewRelease): Promise<ReleaseRow | undefined> {
      try {
        const [row] = await db
          .insert(widgetReleases)
          .values({ ...input, orgId, botId })
          .returning();
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },

    async find(orgId: string, botId: string, id: string): Promise<ReleaseRow | undefined> {
      const [row] = await db
        .select()
        .from(widgetReleases)
        .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.botId, botId), eq(widgetReleases.id, id)));
      return row;
    },

    async findBySemver(orgId: string, botId: string, semver: string): Promise<ReleaseRow | undefined> {
      const [row] = await db
        .select()
        .from(widgetReleases)
        .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.botId, botId), eq(widgetReleases.semver, semver)));
      return row;
    },

    /** Highest version first. */
    async list(orgId: string, botId: string): Promise<ReleaseRow[]> {
      return db
        .select()
        .from(widgetReleases)
        .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.botId, botId)))
        .orderBy(...newestFirst);
    },

    /** Changes a draft; `undefined` if it is not a draft (any more). Throws nothing on a taken version: returns 'taken'. */
    async updateDraft(orgId: string, botId: string, id: string, patch: DraftPatch): Promise<ReleaseRow | 'taken' | undefined> {
      try {
        const [row] = await db
          .update(widgetReleases)
          .set(patch)
          .where(
            and(
              eq(widgetReleases.orgId, orgId),
              eq(widgetReleases.botId, botId),
              eq(widgetReleases.id, id),
              eq(widgetReleases.status, 'draft'),
            ),
          )
          .returning();
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },

    async deleteDraft(orgId: string, botId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(widgetReleases)
        .where(
          and(
            eq(widgetReleases.orgId, orgId),
            eq(widgetReleases.botId, botId),
            eq(widgetReleases.id, id),
            eq(widgetReleases.status, 'draft'),
          ),
        )
        .returning({ id: widgetReleases.id });
      return rows.length > 0;
    },

    /** Draft → published (stamps who and when). */
    async markPublished(orgId: string, id: string, by: string | null, at: Date): Promise<ReleaseRow | undefined> {
      const [row] = await db
        .update(widgetReleases)
        .set({ status: 'published', publishedBy: by, publishedAt: at, archivedAt: null })
        .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.id, id), eq(widgetReleases.status, 'draft')))
        .returning();
      return row;
    },

    async setStatus(orgId: string, ids: string[], status: ReleaseStatus, at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db
        .update(widgetReleases)
        .set({ status, archivedAt: status === 'archived' ? at : null })
        .where(and(eq(widgetReleases.orgId, orgId), inArray(widgetReleases.id, ids)));
    },

    /** Published releases except `keepId`, most recently published first. */
    async publishedExcept(orgId: string, botId: string, keepId: string): Promise<ReleaseRow[]> {
      return db
        .select()
        .from(widgetReleases)
        .where(
          and(
            eq(widgetReleases.orgId, orgId),
            eq(widgetReleases.botId, botId),
            eq(widgetReleases.status, 'published'),
            ne(widgetReleases.id, keepId),
          ),
        )
        .orderBy(desc(widgetReleases.publishedAt), ...newestFirst);
    },

    async activeId(orgId: string, botId: string): Promise<string | undefined> {
      const [row] = await db
        .select({ releaseId: activeReleases.releaseId })
        .from(activeReleases)
        .where(and(eq(activeReleases.orgId, orgId), eq(activeReleases.botId, botId)));
      return row?.releaseId;
    },

    async setActive(orgId: string, botId: string, releaseId: string, at: Date): Promise<void> {
      await db
        .insert(activeReleases)
        .values({ orgId, botId, releaseId, since: at })
        .onConflictDoUpdate({ target: activeReleases.botId, set: { releaseId, since: at }, where: sql`${activeReleases.orgId} = ${orgId}` });
    },
  };
}
export type ReleaseStore = ReturnType<typeof createReleaseStore>;
