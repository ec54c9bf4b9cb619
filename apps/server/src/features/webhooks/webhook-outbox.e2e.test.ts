import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { createTestDatabase } from '../../test/test-database.js';
import { createStores } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import type { WebhookDeliveryRow } from './webhook-delivery-store.js';
import { createWebhookOutbox, WEBHOOK_ENDPOINTS_TTL_MS } from './webhook-outbox.js';

describe('webhook outbox', () => {
  let database: DatabaseHandle;
  let stores: ReturnType<typeof createStores>;
  let orgId = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    orgId = (await createSetupService(database.db).createAdmin({ email: 'outbox@example.test', password: 'password-123', orgName: 'O' })).orgId;
  });
  afterAll(() => database.close());

  it('who wants an event: answers from memory only what it has loaded and is fresh; a write (forget) or the TTL drops it', async () => {
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

  it('claims: a dead process’s claims are released at once; other processes’ claims and finished deliveries stay as they are', async () => {
    const deliveries = stores.webhookDeliveries;
    const created = new Date(Date.now() - 60_000);
    const ids = Array.from({ length: 4 }, () => randomUUID());
    await deliveries.insert(
      ids.map((id, i) => ({
        id,
        orgId,
        botId: null,
        endpointId: null,
        conversationId: null,
        kind: 'event' as const,
        event: 'message.created',
        url: 'https://example.test/hook',
        payload: { n: i },
        maxAttempts: 3,
        // Due in this order, so each claim takes the oldest.
        nextAttemptAt: new Date(created.getTime() + i),
      })),
    );
    const [dead, other, taker] = [randomUUID(), randomUUID(), randomUUID()];
    const now = new Date();
    // Leases far longer than the test: only a release makes a claimed delivery claimable again.
    const until = new Date(now.getTime() + 3_600_000);
    const idsOf = (rows: WebhookDeliveryRow[]) => rows.map((r) => r.id);

    const heldByDead = await deliveries.claim(now, until, 2, dead);
    expect(idsOf(heldByDead)).toEqual(ids.slice(0, 2));
    expect(heldByDead.map((r) => r.lockedBy)).toEqual([dead, dead]);
    expect(idsOf(await deliveries.claim(now, until, 1, other))).toEqual([ids[2]]);
    // The dead process had finished its second delivery.
    const [first, second] = heldByDead;
    if (!first || !second) throw new Error('two claimed');
    const outcome = { attempt: 1, at: now, statusCode: 200, error: null, durationMs: 5, url: second.url, status: 'succeeded' as const, nextAttemptAt: now };
    expect(await deliveries.record(second, until, outcome)).toBe(true);
    expect((await deliveries.find(orgId, second.id))?.lockedBy).toBeNull();

    // Before the release, only the unclaimed one can be taken.
    expect(idsOf(await deliveries.claim(now, until, 10, taker))).toEqual([ids[3]]);
    expect(await deliveries.releaseClaimsOf(dead)).toBe(1);
    expect(await deliveries.releaseClaimsOf(dead)).toBe(0);
    const retaken = await deliveries.claim(now, until, 10, taker);
    expect(idsOf(retaken)).toEqual([first.id]);
    expect(retaken[0]?.lockedBy).toBe(taker);
    // The dead process's attempt, if it was alive after all, does not move the delivery on: it is the
    // taker's now (even with the same lease end).
    expect(await deliveries.record(first, until, { ...outcome, url: first.url })).toBe(false);
    expect((await deliveries.find(orgId, first.id))?.status).toBe('pending');
    // The other process keeps its claim.
    expect((await deliveries.find(orgId, ids[2] ?? ''))?.lockedBy).toBe(other);
  });
});
