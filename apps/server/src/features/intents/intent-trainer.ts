import type { IntentExample } from '@parley/assistant';
import type { Stores } from '../data-store.js';
import { trainInWorker, type TrainedInWorker } from './train-in-worker.js';

export interface IntentTrainerDeps {
  stores: Pick<Stores, 'assistantSettings' | 'intents' | 'intentModels'>;
  now: () => Date;
  /** Trains a model (default: in a worker thread, off the chat's event loop). */
  train?: (examples: readonly IntentExample[]) => Promise<TrainedInWorker>;
  /** Writes coming in quick succession train once (default 200 ms). */
  debounceMs?: number;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** A newer model is stored (this node's caches pick it up at once). */
  onTrained?: (orgId: string, botId: string, version: number) => void;
}

export type TrainOutcome =
  | { kind: 'trained'; version: number; exampleCount: number; trainMs: number }
  | { kind: 'up_to_date'; version: number }
  /** Another node stored this or a newer version first. */
  | { kind: 'superseded'; version: number };

interface BotState {
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  again: boolean;
}

/**
 * Retrains a bot's classifier when its model is behind its intents: kicked after each write (debounced per
 * bot, never inside the request) and, on startup, for every stale bot. The version check makes it safe on
 * many nodes: a model is only stored over an older one.
 */
export function createIntentTrainer(deps: IntentTrainerDeps) {
  const { stores, log } = deps;
  const train = deps.train ?? trainInWorker;
  const debounceMs = deps.debounceMs ?? 200;
  const bots = new Map<string, BotState>();
  let stopped = false;

  async function trainNow(orgId: string, botId: string): Promise<TrainOutcome> {
    // The version is read before the intents: a write in between makes the model newer than its label, never older.
    const { intentsVersion, modelVersion } = await stores.assistantSettings.versions(orgId, botId);
    if (modelVersion !== null && modelVersion >= intentsVersion) return { kind: 'up_to_date', version: modelVersion };
    const examples: IntentExample[] = (await stores.intents.list(orgId, botId)).flatMap((intent) =>
      intent.examples.map((text) => ({ text, intent: intent.name })),
    );
    const { modelJson, trainMs } = await train(examples);
    const saved = await stores.intentModels.save(orgId, botId, { version: intentsVersion, modelJson, exampleCount: examples.length, trainMs }, deps.now());
    if (!saved) return { kind: 'superseded', version: intentsVersion };
    log.info({ botId, version: intentsVersion, exampleCount: examples.length, trainMs }, 'intent model trained');
    deps.onTrained?.(orgId, botId, intentsVersion);
    return { kind: 'trained', version: intentsVersion, exampleCount: examples.length, trainMs };
  }

  function stateOf(botId: string): BotState {
    let state = bots.get(botId);
    if (!state) {
      state = { timer: undefined, running: undefined, again: false };
      bots.set(botId, state);
    }
    return state;
  }

  function run(orgId: string, botId: string, state: BotState): void {
    state.timer = undefined;
    if (state.running) {
      // A write arrived during training: train once more afterwards.
      state.again = true;
      return;
    }
    state.running = trainNow(orgId, botId)
      .then(
        () => undefined,
        (err: unknown) => log.error({ err, botId }, 'intent training failed'),
      )
      .finally(() => {
        state.running = undefined;
        if (state.again && !stopped) {
          state.again = false;
          run(orgId, botId, state);
        } else if (!state.timer) {
          bots.delete(botId);
        }
      });
  }

  /** Schedules a retrain of the bot soon; returns at once. */
  function kick(orgId: string, botId: string): void {
    if (stopped) return;
    const state = stateOf(botId);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => run(orgId, botId, state), debounceMs);
    state.timer.unref();
  }

  return {
    trainNow,

    kick,

    /** Kicks every bot whose model is behind (e.g. intents changed while no node was running). */
    async start(): Promise<number> {
      const stale = await stores.assistantSettings.staleBots();
      for (const { orgId, botId } of stale) kick(orgId, botId);
      return stale.length;
    },

    /** No new training starts; waits for the ones running. */
    async stop(): Promise<void> {
      stopped = true;
      const running: Promise<void>[] = [];
      for (const state of bots.values()) {
        if (state.timer) clearTimeout(state.timer);
        if (state.running) running.push(state.running);
      }
      await Promise.all(running);
    },
  };
}
export type IntentTrainer = ReturnType<typeof createIntentTrainer>;
