import { and, eq, sql } from 'drizzle-orm';
import { llmUsage, type Database } from '@parley/db';

export interface LlmUsage {
  tokens: number;
  requests: number;
  failures: number;
}

/** LLM tokens, requests and failures per bot and calendar month ('YYYY-MM', UTC). */
export function createLlmUsageStore(db: Database) {
  return {
    async find(orgId: string, botId: string, month: string): Promise<LlmUsage> {
      const [row] = await db
        .select({ tokens: llmUsage.tokens, requests: llmUsage.requests, failures: llmUsage.failures })
        .from(llmUsage)
        .where(and(eq(llmUsage.orgId, orgId), eq(llmUsage.botId, botId), eq(llmUsage.month, month)));
      return row ?? { tokens: 0, requests: 0, failures: 0 };
    },
    /** Adds to the month's counters in one statement, so concurrent calls never lose an update. */
    async add(orgId: string, botId: string, month: string, usage: LlmUsage): Promise<void> {
      await db
        .insert(llmUsage)
        .values({ orgId, botId, month, ...usage })
        .onConflictDoUpdate({
          target: [llmUsage.botId, llmUsage.month],
          set: {
            tokens: sql`${llmUsage.tokens} + excluded.tokens`,
            requests: sql`${llmUsage.requests} + excluded.requests`,
            failures: sql`${llmUsage.failures} + excluded.failures`,
          },
          setWhere: eq(llmUsage.orgId, orgId),
        });
    },
  };
}
export type LlmUsageStore = ReturnType<typeof createLlmUsageStore>;
