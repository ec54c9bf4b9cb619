import type { ServingPlan } from './serving-plan-store.js';

export const SERVING_PLAN_TTL_MS = 5_000;

interface Entry {
  plan: Promise<ServingPlan>;
  loadedAt: number;
  generation: number;
}

/**
 * Per-bot serving plans in memory. A deploy invalidates a bot at once (locally through the
 * event bus, on other nodes through Socket.IO); the TTL is the backstop that makes every
 * node converge within 5 s even if an invalidation is lost.
 */
export function createServingPlanCache({
  load,
  now,
  ttlMs = SERVING_PLAN_TTL_MS,
}: {
  load: (orgId: string, botId: string) => Promise<ServingPlan>;
  now: () => number;
  ttlMs?: number;
}) {
  const entries = new Map<string, Entry>();
  let generation = 0;
  return {
    get(orgId: string, botId: string): Promise<ServingPlan> {
      const entry = entries.get(botId);
      const t = now();
      if (entry && t - entry.loadedAt < ttlMs) return entry.plan;
      const mine: Entry = { plan: load(orgId, botId), loadedAt: t, generation: ++generation };
      entries.set(botId, mine);
      // A failed load is not cached.
      mine.plan.catch(() => {
        if (entries.get(botId)?.generation === mine.generation) entries.delete(botId);
      });
      return mine.plan;
    },
    invalidate(botId: string): void {
      entries.delete(botId);
    },
  };
}
export type ServingPlanCache = ReturnType<typeof createServingPlanCache>;
