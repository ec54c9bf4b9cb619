import { isDeepStrictEqual } from 'node:util';
import { createTtlCache } from '../../lib/ttl-cache.js';
import type { ServingPlan } from './serving-plan-store.js';

export const SERVING_PLAN_TTL_MS = 5_000;

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
  // An unchanged plan keeps its object across TTL reloads: answers and validated configs keyed on it stay valid.
  const plans = createTtlCache<string, ServingPlan>({ ttlMs, maxEntries: 100_000, now, same: isDeepStrictEqual });
  return {
    get: (orgId: string, botId: string): Promise<ServingPlan> => plans.get(botId, () => load(orgId, botId)),
    /** The bot's plan if loaded and fresh (no load). */
    peek: (botId: string): ServingPlan | undefined => plans.peek(botId)?.value,
    invalidate: (botId: string): void => plans.invalidate(botId),
  };
}
export type ServingPlanCache = ReturnType<typeof createServingPlanCache>;
