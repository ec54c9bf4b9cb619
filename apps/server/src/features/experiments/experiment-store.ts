import { and, desc, eq } from 'drizzle-orm';
import { experiments, type Database } from '@parley/db';
import { isUniqueViolation } from '../releases/release-store.js';

export type ExperimentRow = typeof experiments.$inferSelect;
export type NewExperiment = Omit<typeof experiments.$inferInsert, 'id' | 'orgId' | 'botId' | 'state' | 'stoppedAt' | 'winnerReleaseId' | 'armCounts'>;

/** One arm's totals over the experiment's run. */
export interface ArmCount {
  releaseId: string;
  visitors: number;
  conversions: number;
}

/** A/B experiments of a bot. Every query is scoped by organization. */
export function createExperimentStore(db: Database) {
  return {
    /** `undefined` when the bot already has a running experiment. */
    async create(orgId: string, botId: string, input: NewExperiment): Promise<ExperimentRow | undefined> {
      try {
        const [row] = await db.insert(experiments).values({ ...input, orgId, botId }).returning();
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },

    async list(orgId: string, botId: string): Promise<ExperimentRow[]> {
      return db
        .select()
        .from(experiments)
        .where(and(eq(experiments.orgId, orgId), eq(experiments.botId, botId)))
        .orderBy(desc(experiments.startedAt), desc(experiments.id));
    },

    async find(orgId: string, botId: string, id: string, lock = false): Promise<ExperimentRow | undefined> {
      const query = db
        .select()
        .from(experiments)
        .where(and(eq(experiments.orgId, orgId), eq(experiments.botId, botId), eq(experiments.id, id)));
      const [row] = lock ? await query.for('update') : await query;
      return row;
    },

    async findRunning(orgId: string, botId: string): Promise<ExperimentRow | undefined> {
      const [row] = await db
        .select()
        .from(experiments)
        .where(and(eq(experiments.orgId, orgId), eq(experiments.botId, botId), eq(experiments.state, 'running')));
      return row;
    },

    /** Stops a running experiment, keeping its per-arm counts up to `at`. */
    async stop(orgId: string, id: string, winnerReleaseId: string | null, at: Date, armCounts: ArmCount[]): Promise<ExperimentRow | undefined> {
      const [row] = await db
        .update(experiments)
        .set({ state: 'stopped', winnerReleaseId, stoppedAt: at, armCounts })
        .where(and(eq(experiments.orgId, orgId), eq(experiments.id, id), eq(experiments.state, 'running')))
        .returning();
      return row;
    },
  };
}
export type ExperimentStore = ReturnType<typeof createExperimentStore>;
