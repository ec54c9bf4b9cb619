import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { botAssistantSettings, bots, documents, faqs, intentModels, intents, type Database } from '@parley/db';

export type AssistantSettingsRow = typeof botAssistantSettings.$inferSelect;
export type AssistantSettingsPatch = Partial<
  Pick<
    AssistantSettingsRow,
    | 'mode'
    | 'intentThreshold'
    | 'knowledgeThreshold'
    | 'llmEnabled'
    | 'llmBaseUrl'
    | 'llmModel'
    | 'llmApiKey'
    | 'llmMonthlyTokenBudget'
    | 'workflowUrl'
    | 'workflowSecret'
    | 'messages'
  >
>;

/** The bot's intents version and the version its stored model was trained from (null: no model). */
export interface IntentVersions {
  intentsVersion: number;
  modelVersion: number | null;
}

/** A bot's assistant settings (one row per bot, created lazily). Every query is scoped by organization. */
export function createAssistantSettingsStore(db: Database) {
  const scoped = (orgId: string, botId: string) => and(eq(botAssistantSettings.orgId, orgId), eq(botAssistantSettings.botId, botId));
  return {
    async find(orgId: string, botId: string): Promise<AssistantSettingsRow | undefined> {
      const [row] = await db.select().from(botAssistantSettings).where(scoped(orgId, botId));
      return row;
    },

    /** Creates the default row unless it exists; the caller has checked that the bot belongs to the organization. */
    async insertDefault(orgId: string, botId: string, workflowSecret: string): Promise<void> {
      await db.insert(botAssistantSettings).values({ orgId, botId, workflowSecret }).onConflictDoNothing({ target: botAssistantSettings.botId });
    },

    async update(orgId: string, botId: string, patch: AssistantSettingsPatch, at: Date): Promise<AssistantSettingsRow | undefined> {
      const [row] = await db
        .update(botAssistantSettings)
        .set({ ...patch, updatedAt: at })
        .where(scoped(orgId, botId))
        .returning();
      return row;
    },

    /** Marks the intents as changed (the trainer retrains when the model is behind); the new version. */
    async bumpIntentsVersion(orgId: string, botId: string): Promise<number | undefined> {
      const [row] = await db
        .update(botAssistantSettings)
        .set({ intentsVersion: sql`${botAssistantSettings.intentsVersion} + 1` })
        .where(scoped(orgId, botId))
        .returning({ version: botAssistantSettings.intentsVersion });
      return row?.version;
    },

    /** One small indexed read: how current the bot's intents and model are. */
    async versions(orgId: string, botId: string): Promise<IntentVersions> {
      const [row] = await db
        .select({ intentsVersion: botAssistantSettings.intentsVersion, modelVersion: intentModels.version })
        .from(botAssistantSettings)
        .leftJoin(intentModels, and(eq(intentModels.botId, botAssistantSettings.botId), eq(intentModels.orgId, orgId)))
        .where(scoped(orgId, botId));
      return row ?? { intentsVersion: 0, modelVersion: null };
    },

    /** Bots whose model is behind their intents (any organization: the trainer's startup pass). */
    async staleBots(): Promise<{ orgId: string; botId: string }[]> {
      return db
        .select({ orgId: botAssistantSettings.orgId, botId: botAssistantSettings.botId })
        .from(botAssistantSettings)
        .leftJoin(intentModels, eq(intentModels.botId, botAssistantSettings.botId))
        .where(
          and(
            gt(botAssistantSettings.intentsVersion, 0),
            or(isNull(intentModels.version), lt(intentModels.version, botAssistantSettings.intentsVersion)),
          ),
        );
    },

    /** Whether the bot has anything to answer from: an intent, an FAQ or a document. */
    async hasKnowledge(orgId: string, botId: string): Promise<boolean> {
      const exists = (table: typeof intents | typeof faqs | typeof documents) =>
        sql`exists (select 1 from ${table} where ${table.orgId} = ${orgId} and ${table.botId} = ${botId})`;
      const [row] = await db
        .select({ any: sql<boolean>`(${exists(intents)} or ${exists(faqs)} or ${exists(documents)})` })
        .from(bots)
        .where(and(eq(bots.orgId, orgId), eq(bots.id, botId)));
      return row?.any === true;
    },
  };
}
export type AssistantSettingsStore = ReturnType<typeof createAssistantSettingsStore>;
