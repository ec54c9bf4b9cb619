import { MAX_EXAMPLES_PER_BOT, MAX_INTENTS_PER_BOT, type CreateIntentBody, type Intent, type IntentModelStatus, type UpdateIntentBody } from '@parley/contracts';
import { AppError, notFound } from '../../errors/app-error.js';
import { isoOrNull } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores, Transact } from '../data-store.js';
import { newWorkflowSecret } from '../assistant/assistant-settings-service.js';
import type { IntentRow } from './intent-store.js';
import { rulesOf, toIntent } from './to-intent.js';
import { validateIntentRules } from './validate-intent-rules.js';

export interface IntentServiceDeps {
  stores: Pick<Stores, 'bots' | 'intents' | 'intentModels' | 'assistantSettings'>;
  transact: Transact;
  now: () => Date;
  /** Called after a committed change: caches drop the bot and the trainer is kicked (it runs in the background). */
  onChanged: (orgId: string, botId: string) => void;
}

async function assertExampleRoom(tx: Stores, orgId: string, botId: string, adding: number, exceptId?: string): Promise<void> {
  const others = await tx.intents.exampleCount(orgId, botId, exceptId);
  if (others + adding > MAX_EXAMPLES_PER_BOT) {
    throw new AppError('validation_failed', `A bot's intents can have at most ${MAX_EXAMPLES_PER_BOT} examples together (${others} in its other intents)`, [
      { path: 'examples', message: `at most ${MAX_EXAMPLES_PER_BOT - others} more` },
    ]);
  }
}

const taken = (name: string) => new AppError('conflict', `The bot already has an intent named "${name}"`);

/** A bot's intents. Every write bumps the bot's intents version in the same transaction. */
export function createIntentService(deps: IntentServiceDeps) {
  const { stores, transact, now, onChanged } = deps;

  async function assertBot(orgId: string, botId: string): Promise<void> {
    if (!(await stores.bots.find(orgId, botId))) throw notFound('Bot');
  }

  /** Runs a write with the bot's settings row present, and bumps the intents version before committing. */
  async function writing<T>(orgId: string, botId: string, fn: (tx: Stores) => Promise<T>): Promise<T> {
    const result = await transact(async (tx) => {
      if (!(await tx.bots.find(orgId, botId))) throw notFound('Bot');
      await tx.assistantSettings.insertDefault(orgId, botId, newWorkflowSecret());
      const out = await fn(tx);
      await tx.assistantSettings.bumpIntentsVersion(orgId, botId);
      return out;
    });
    onChanged(orgId, botId);
    return result;
  }

  async function find(orgId: string, botId: string, id: string): Promise<IntentRow> {
    await assertBot(orgId, botId);
    const row = await stores.intents.find(orgId, botId, id);
    if (!row) throw notFound('Intent');
    return row;
  }

  return {
    async list(ctx: OrgContext, botId: string): Promise<Intent[]> {
      await assertBot(ctx.orgId, botId);
      return (await stores.intents.list(ctx.orgId, botId)).map(toIntent);
    },

    async get(ctx: OrgContext, botId: string, id: string): Promise<Intent> {
      return toIntent(await find(ctx.orgId, botId, id));
    },

    async create(ctx: OrgContext, botId: string, body: CreateIntentBody): Promise<Intent> {
      validateIntentRules(body.name, body.handoff, body.rules);
      const row = await writing(ctx.orgId, botId, async (tx) => {
        if ((await tx.intents.count(ctx.orgId, botId)) >= MAX_INTENTS_PER_BOT) {
          throw new AppError('validation_failed', `A bot can have at most ${MAX_INTENTS_PER_BOT} intents`);
        }
        await assertExampleRoom(tx, ctx.orgId, botId, body.examples.length);
        const created = await tx.intents.create(ctx.orgId, botId, body, now());
        if (created === 'taken') throw taken(body.name);
        return created;
      });
      return toIntent(row);
    },

    async update(ctx: OrgContext, botId: string, id: string, body: UpdateIntentBody): Promise<Intent> {
      const before = await find(ctx.orgId, botId, id);
      // The rules are checked as they will be after the change (a rename or handoff flag applies to them too).
      validateIntentRules(body.name ?? before.name, body.handoff ?? before.handoff, body.rules ?? rulesOf(before));
      const row = await writing(ctx.orgId, botId, async (tx) => {
        if (body.examples) await assertExampleRoom(tx, ctx.orgId, botId, body.examples.length, id);
        const updated = await tx.intents.update(ctx.orgId, botId, id, body, now());
        if (updated === 'taken') throw taken(body.name ?? before.name);
        if (!updated) throw notFound('Intent');
        return updated;
      });
      return toIntent(row);
    },

    async remove(ctx: OrgContext, botId: string, id: string): Promise<void> {
      await writing(ctx.orgId, botId, async (tx) => {
        if (!(await tx.intents.delete(ctx.orgId, botId, id))) throw notFound('Intent');
      });
    },

    /** Whether the classifier has caught up with the intents (it is retrained in the background). */
    async modelStatus(ctx: OrgContext, botId: string): Promise<IntentModelStatus> {
      await assertBot(ctx.orgId, botId);
      const [settings, model] = await Promise.all([stores.assistantSettings.find(ctx.orgId, botId), stores.intentModels.info(ctx.orgId, botId)]);
      const intentsVersion = settings?.intentsVersion ?? 0;
      const trainedVersion = model?.version ?? null;
      return {
        intentsVersion,
        trainedVersion,
        exampleCount: model?.exampleCount ?? 0,
        trainMs: model?.trainMs ?? null,
        trainedAt: isoOrNull(model?.trainedAt ?? null),
        // Nothing to train yet counts as up to date.
        upToDate: intentsVersion === 0 || (trainedVersion !== null && trainedVersion >= intentsVersion),
      };
    },
  };
}
export type IntentService = ReturnType<typeof createIntentService>;
