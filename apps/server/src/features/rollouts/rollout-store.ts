import { and, desc, eq, inArray } from 'drizzle-orm';
import { rollouts, type Database } from '@parley/db';
import type { RolloutState } from '@parley/contracts';
import { isUniqueViolation } from '../releases/release-store.js';

export type RolloutRow = typeof rollouts.$inferSelect;
export type NewRollout = Omit<typeof rollouts.$inferInsert, 'id' | 'orgId' | 'botId' | 'createdAt' | 'updatedAt'>;
export type RolloutPatch = Partial<Pick<RolloutRow, 'stepIndex' | 'percent' | 'state' | 'stepStartedAt' | 'lastVerdict' | 'judgedAt'>>;

const LIVE: RolloutState[] = ['running', 'paused'];

/** Canary rollouts of a bot. Every query is scoped by organization, except the judge's list of running ones. */
export function createRolloutStore(db: Database) {
  return {
    /** `undefined` when the bot already has a live (running or paused) rollout. */
    async create(orgId: string, botId: string, input: NewRollout): Promise<RolloutRow | undefined> {
      try {
        const [row] = await db.insert(rollouts).values({ ...input, orgId, botId }).returning();
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },

    async list(orgId: string, botId: string): Promise<RolloutRow[]> {
      return db
        .select()
        .from(rollouts)
        .where(and(eq(rollouts.orgId, orgId), eq(rollouts.botId, botId)))
        .orderBy(desc(rollouts.createdAt), desc(rollouts.id));
    },

    /** With `lock`, the row is locked until the transaction ends (serializes judge and people). */
    async find(orgId: string, botId: string, id: string, lock = false): Promise<RolloutRow | undefined> {
      const query = db
        .select()
        .from(rollouts)
        .where(and(eq(rollouts.orgId, orgId), eq(rollouts.botId, botId), eq(rollouts.id, id)));
      const [row] = lock ? await query.for('update') : await query;
      return row;
    },

    async findLive(orgId: string, botId: string): Promise<RolloutRow | undefined> {
      const [row] = await db
        .select()
        .from(rollouts)
        .where(and(eq(rollouts.orgId, orgId), eq(rollouts.botId, botId), inArray(rollouts.state, LIVE)));
      return row;
    },

    async update(orgId: string, id: string, patch: RolloutPatch, at: Date): Promise<RolloutRow | undefined> {
      const [row] = await db
        .update(rollouts)
        .set({ ...patch, updatedAt: at })
        .where(and(eq(rollouts.orgId, orgId), eq(rollouts.id, id)))
        .returning();
      return row;
    },

    /** Every running rollout of every organization: the judge's work list (it then acts within each row's org). */
    async listRunning(): Promise<Pick<RolloutRow, 'id' | 'orgId' | 'botId'>[]> {
      return db.select({ id: rollouts.id, orgId: rollouts.orgId, botId: rollouts.botId }).from(rollouts).where(eq(rollouts.state, 'running'));
    },
  };
}
export type RolloutStore = ReturnType<typeof createRolloutStore>;
