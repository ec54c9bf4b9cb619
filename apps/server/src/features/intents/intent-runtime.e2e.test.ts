import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { createTestDatabase } from '../../test/test-database.js';
import { createStores, createTransact, type Stores } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import type { OrgContext } from '../auth/principal.js';
import { createIntentRuntime } from './intent-runtime.js';
import { createIntentService } from './intent-service.js';
import { createIntentTrainer } from './intent-trainer.js';

const silent = { info: () => {}, error: () => {} };

describe('intent trainer and runtime on the database', () => {
  let database: DatabaseHandle;
  let stores: Stores;
  let ctx: OrgContext;
  let botId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    const { orgId, userId } = await createSetupService(database.db).createAdmin({ email: 'runtime@example.test', password: 'password-123', orgName: 'R' });
    ctx = { orgId, role: 'owner', userId, principal: { kind: 'session', userId, sessionId: 's', csrfToken: 'c' } };
    botId = (await stores.bots.create(orgId, { name: 'bot', identitySecret: 'x'.repeat(32) })).id;
  });
  afterAll(() => database.close());

  /** Intents written as another node would: nobody on "this" node is told. */
  const elsewhere = () => createIntentService({ stores, transact: createTransact(database.db), now: () => new Date(), onChanged: () => {} });

  it('on startup trains the bots whose model is behind, and never stores an older model over a newer one', async () => {
    const service = elsewhere();
    await service.create(ctx, botId, { name: 'hours', examples: ['when are you open', 'opening hours'], rules: [], responses: [{ text: 'Open 9–18.' }], handoff: false });
    await service.create(ctx, botId, { name: 'shipping', examples: ['shipping cost', 'delivery fee'], rules: [], responses: [{ text: 'Free.' }], handoff: false });
    expect(await stores.assistantSettings.versions(ctx.orgId, botId)).toEqual({ intentsVersion: 2, modelVersion: null });

    const trained: number[] = [];
    const trainer = createIntentTrainer({ stores, now: () => new Date(), log: silent, debounceMs: 1, onTrained: (_o, _b, v) => trained.push(v) });
    expect(await trainer.start()).toBe(1);
    // Kicked, not awaited: it trains in the background.
    const deadline = Date.now() + 20_000;
    while (trained.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await trainer.stop();
    expect(trained).toEqual([2]);
    expect(await stores.assistantSettings.versions(ctx.orgId, botId)).toEqual({ intentsVersion: 2, modelVersion: 2 });
    expect(await stores.intentModels.info(ctx.orgId, botId)).toMatchObject({ version: 2, exampleCount: 4 });
    expect(await stores.assistantSettings.staleBots()).toEqual([]);

    // A slower node finishing an older training loses; the same version is not stored twice either.
    expect(await stores.intentModels.save(ctx.orgId, botId, { version: 1, modelJson: '{}', exampleCount: 0, trainMs: 1 }, new Date())).toBe(false);
    expect(await stores.intentModels.save(ctx.orgId, botId, { version: 2, modelJson: '{}', exampleCount: 0, trainMs: 1 }, new Date())).toBe(false);
    expect((await stores.intentModels.info(ctx.orgId, botId))?.exampleCount).toBe(4);
    // Up to date: nothing to do.
    const again = createIntentTrainer({ stores, now: () => new Date(), log: silent });
    expect(await again.trainNow(ctx.orgId, botId)).toEqual({ kind: 'up_to_date', version: 2 });
  });

  it('sees intents and models changed on another node through the version check, reloading only then', async () => {
    const runtime = createIntentRuntime({ stores, versionTtlMs: 0 });
    const port = runtime.port(ctx.orgId);
    const first = await runtime.snapshot(ctx.orgId, botId);
    expect(first.model?.labels).toEqual(['hours', 'shipping']);
    expect(await runtime.snapshot(ctx.orgId, botId)).toBe(first);
    expect(await port.responses(botId, 'hours', 'en')).toEqual([{ text: 'Open 9–18.' }]);
    expect(await port.rules(botId)).toEqual([]);

    const service = elsewhere();
    const [hours] = await service.list(ctx, botId);
    await service.update(ctx, botId, hours?.id ?? '', {
      rules: [{ kind: 'keyword', pattern: 'open' }],
      responses: [{ text: 'Mở cửa 9–18.', locale: 'vi' }, { text: 'Open 9–18.' }, { text: 'Opens at 9.', locale: 'en' }],
      handoff: true,
    });
    const second = await runtime.snapshot(ctx.orgId, botId);
    expect(second).not.toBe(first);
    // The model has not been retrained yet: the old one is kept rather than reloaded.
    expect(second.model).toBe(first.model);
    expect((await port.rules(botId)).map((r) => r.rule)).toEqual([{ kind: 'keyword', pattern: 'open', intent: 'hours', handoff: true }]);
    expect(await runtime.handoffIntents(ctx.orgId, botId)).toEqual(['hours']);
    // Responses for a locale: its own first, then those for any locale; never another locale's.
    expect((await port.responses(botId, 'hours', 'vi')).map((r) => r.text)).toEqual(['Mở cửa 9–18.', 'Open 9–18.']);
    expect((await port.responses(botId, 'hours', 'en')).map((r) => r.text)).toEqual(['Opens at 9.', 'Open 9–18.']);

    await createIntentTrainer({ stores, now: () => new Date(), log: silent }).trainNow(ctx.orgId, botId);
    const third = await runtime.snapshot(ctx.orgId, botId);
    expect(third.model).not.toBe(first.model);
    expect(third.rules).toBe(second.rules);
    expect(third.versions).toEqual({ intentsVersion: 3, modelVersion: 3 });

    // Another organization's id finds nothing of this bot.
    const stranger = await createIntentRuntime({ stores }).snapshot(crypto.randomUUID(), botId);
    expect(stranger).toMatchObject({ model: null, rules: [], handoffIntents: [] });
  });
});
