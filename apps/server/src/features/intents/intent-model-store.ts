import { and, eq, lt, sql } from 'drizzle-orm';
import { intentModels, type Database } from '@parley/db';

export type IntentModelRow = typeof intentModels.$inferSelect;
export type IntentModelInfo = Omit<IntentModelRow, 'model'>;

export interface TrainedModel {
  version: number;
  /** The model as JSON text (as the training worker made it), stored without parsing it again here. */
  modelJson: string;
  exampleCount: number;
  trainMs: number;
}

/** The trained classifier of each bot (JSON), so a restart or another node does not retrain. */
export function createIntentModelStore(db: Database) {
  const scoped = (orgId: string, botId: string) => and(eq(intentModels.orgId, orgId), eq(intentModels.botId, botId));
  return {
    async find(orgId: string, botId: string): Promise<IntentModelRow | undefined> {
      const [row] = await db.select().from(intentModels).where(scoped(orgId, botId));
      return row;
    },

    /** Everything but the model itself. */
    async info(orgId: string, botId: string): Promise<IntentModelInfo | undefined> {
      const [row] = await db
        .select({
          botId: intentModels.botId,
          orgId: intentModels.orgId,
          version: intentModels.version,
          exampleCount: intentModels.exampleCount,
          trainMs: intentModels.trainMs,
          trainedAt: intentModels.trainedAt,
        })
        .from(intentModels)
        .where(scoped(orgId, botId));
      return row;
    },

    /** Stores a model unless a model of the same or a newer version is already there (another node was faster). */
    async save(orgId: string, botId: string, trained: TrainedModel, at: Date): Promise<boolean> {
      const { modelJson, ...rest } = trained;
      const values = { ...rest, model: sql`${modelJson}::jsonb`, trainedAt: at };
      const rows = await db
        .insert(intentModels)
        .values({ ...values, orgId, botId })
        .onConflictDoUpdate({
          target: intentModels.botId,
          set: values,
          setWhere: and(eq(intentModels.orgId, orgId), lt(intentModels.version, trained.version)),
        })
        .returning({ version: intentModels.version });
      return rows.length > 0;
    },
  };
}
export type IntentModelStore = ReturnType<typeof createIntentModelStore>;
