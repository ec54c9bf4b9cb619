import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { createTestDatabase } from '../../test/test-database.js';
import { createStores } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import { createWebhookOutbox, WEBHOOK_ENDPOINTS_TTL_MS } from './webhook-outbox.js';

describe('webhook outbox: who wants an event', () => {
  let database: DatabaseHandle;
  let stores: ReturnType<typeof createStores>;
  let orgId = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    orgId = (await createSetupService(database.db).createAdmin({ email: 'outbox@example.test', password: 'password-123', orgName: 'O' })).orgId;
  });
  afterAll(() => database.close());

  it('answers from memory only what it has loaded and is fresh; a write (forget) or the TTL drops it', async () => {
    let ms = 1_000_000;
    const outbox = createWebhookOutbox({ stores, maxAttempts: 3, now: () => new Date(ms), wake: () => undefined, clock: () => ms });
    expect(outbox.wantedNow(orgId, 'message.created')).toBeUndefined();
    expect(await outbox.wanted(orgId, 'message.created')).toBe(false);
    expect(outbox.wantedNow(orgId, 'message.created')).toBe(false);

    await stores.webhookEndpoints.create(orgId, { botId: null, url: 'https://example.test/hook', secret: 's', events: ['message.created'] });
    outbox.forget(orgId); // what the webhook service's change notice does, on every node
    expect(outbox.wantedNow(orgId, 'message.created')).toBeUndefined();
    expect(await outbox.wanted(orgId, 'message.created')).toBe(true);
    expect(outbox.wantedNow(orgId, 'message.created')).toBe(true);
    expect(outbox.wantedNow(orgId, 'conversation.resolved')).toBe(false);

    ms += WEBHOOK_ENDPOINTS_TTL_MS;
    expect(outbox.wantedNow(orgId, 'message.created')).toBeUndefined();
  });
});
