import { compileRules, parseIntentModel, prepareIntentModel, type CompiledRule, type IntentModel, type IntentsPort } from '@parley/assistant';
import type { IntentResponseBody } from '@parley/contracts';
import { createTtlCache } from '../../lib/ttl-cache.js';
import type { IntentVersions } from '../assistant/assistant-settings-store.js';
import type { Stores } from '../data-store.js';
import { responsesOf, rulesOf } from './to-intent.js';
import { intentRules, responsesFor } from './validate-intent-rules.js';

export interface IntentRuntimeDeps {
  stores: Pick<Stores, 'assistantSettings' | 'intents' | 'intentModels'>;
  /** How long a version read is reused: the bound on staleness after a change made on another node (default 2 s). */
  versionTtlMs?: number;
  /** Bots whose intents are kept in memory (default 500); the least recently loaded are dropped. */
  maxBots?: number;
}

/** What the pipeline needs of a bot's intents, loaded once per version. */
export interface IntentSnapshot {
  versions: IntentVersions;
  rules: readonly CompiledRule[];
  responses: ReadonlyMap<string, readonly IntentResponseBody[]>;
  /** Intents that hand the conversation to a person. */
  handoffIntents: readonly string[];
  model: IntentModel | null;
}

interface Slot {
  versions: IntentVersions;
  value: Promise<IntentSnapshot>;
}

const sameVersions = (a: IntentVersions, b: IntentVersions): boolean => a.intentsVersion === b.intentsVersion && a.modelVersion === b.modelVersion;

/**
 * The bots' intents, rules and classifiers in memory. A cheap version read (cached briefly) tells when
 * the intents or the model changed, here or on another node; only what changed is reloaded.
 */
export function createIntentRuntime(deps: IntentRuntimeDeps) {
  const { stores } = deps;
  const maxBots = deps.maxBots ?? 500;
  const versions = createTtlCache<string, IntentVersions>({ ttlMs: deps.versionTtlMs ?? 2_000, maxEntries: 10_000, now: () => Date.now() });
  const slots = new Map<string, Slot>();
  // The last loaded snapshot of each bot, so a new version reloads only what changed.
  const settled = new Map<string, IntentSnapshot>();
  const keyOf = (orgId: string, botId: string) => `${orgId}:${botId}`;

  async function loadIntents(orgId: string, botId: string): Promise<Omit<IntentSnapshot, 'versions' | 'model'>> {
    const rows = await stores.intents.list(orgId, botId);
    const { rules } = compileRules(rows.flatMap((row) => intentRules(row.name, row.handoff, rulesOf(row))));
    return {
      rules,
      responses: new Map(rows.map((row) => [row.name, responsesOf(row)])),
      handoffIntents: rows.filter((row) => row.handoff).map((row) => row.name),
    };
  }

  async function loadModel(orgId: string, botId: string): Promise<IntentModel | null> {
    const row = await stores.intentModels.find(orgId, botId);
    const model = row ? parseIntentModel(row.model) : null;
    if (model) prepareIntentModel(model);
    return model;
  }

  async function refresh(orgId: string, botId: string, current: IntentVersions, previous: IntentSnapshot | undefined): Promise<IntentSnapshot> {
    const sameIntents = previous?.versions.intentsVersion === current.intentsVersion;
    const sameModel = previous?.versions.modelVersion === current.modelVersion;
    const [intents, model] = await Promise.all([
      sameIntents && previous ? previous : loadIntents(orgId, botId),
      sameModel && previous ? previous.model : loadModel(orgId, botId),
    ]);
    return { versions: current, rules: intents.rules, responses: intents.responses, handoffIntents: intents.handoffIntents, model };
  }

  async function snapshot(orgId: string, botId: string): Promise<IntentSnapshot> {
    const key = keyOf(orgId, botId);
    const current = await versions.get(key, () => stores.assistantSettings.versions(orgId, botId));
    const slot = slots.get(key);
    if (slot && sameVersions(slot.versions, current)) return slot.value;
    // Concurrent callers that see the same versions share this reload.
    const value = refresh(orgId, botId, current, settled.get(key));
    const next: Slot = { versions: current, value };
    slots.delete(key);
    slots.set(key, next);
    value.then(
      (loaded) => {
        if (slots.get(key) === next) settled.set(key, loaded);
      },
      () => {
        if (slots.get(key) === next) slots.delete(key);
      },
    );
    while (slots.size > maxBots) {
      const oldest = slots.keys().next();
      if (oldest.done) break;
      slots.delete(oldest.value);
      settled.delete(oldest.value);
    }
    return value;
  }

  return {
    snapshot,

    /** The pipeline's intents port for one organization's bots. */
    port(orgId: string): IntentsPort {
      return {
        model: async (botId) => (await snapshot(orgId, botId)).model,
        rules: async (botId) => (await snapshot(orgId, botId)).rules,
        responses: async (botId, intent, locale) => responsesFor((await snapshot(orgId, botId)).responses.get(intent) ?? [], locale),
      };
    },

    /** Intents that hand the conversation to a person instead of answering. */
    async handoffIntents(orgId: string, botId: string): Promise<readonly string[]> {
      return (await snapshot(orgId, botId)).handoffIntents;
    },

    /** The bot's intents or model changed on this node: the next read checks the versions again. */
    invalidate(orgId: string, botId: string): void {
      versions.invalidate(keyOf(orgId, botId));
    },

    /** The bot was deleted or changed: drop everything held for it. */
    forget(orgId: string, botId: string): void {
      versions.invalidate(keyOf(orgId, botId));
      slots.delete(keyOf(orgId, botId));
      settled.delete(keyOf(orgId, botId));
    },
  };
}
export type IntentRuntime = ReturnType<typeof createIntentRuntime>;
