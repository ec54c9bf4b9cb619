import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { createTestDatabase } from '../../test/test-database.js';
import { createStores } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import { LAST_SEEN_PRECISION_MS } from './visitor-store.js';

describe('visitor store: sightings on connect', () => {
  let database: DatabaseHandle;
  let stores: ReturnType<typeof createStores>;
  let orgId = '';
  let botId = '';
  let otherBotId = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    const admin = await createSetupService(database.db).createAdmin({ email: 'sightings@example.test', password: 'password-123', orgName: 'S' });
    orgId = admin.orgId;
    botId = (await stores.bots.create(orgId, { name: 'bot', identitySecret: 'x'.repeat(32), locale: 'en' })).id;
    otherBotId = (await stores.bots.create(orgId, { name: 'other', identitySecret: 'y'.repeat(32), locale: 'en' })).id;
  });
  afterAll(() => database.close());

  it('writes a sighting only when it tells something new, or the last one is older than the precision', async () => {
    const id = randomUUID();
    const t0 = new Date('2026-11-22T10:00:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const first = await stores.visitors.ensure(orgId, botId, id, { lastPageUrl: 'https://shop.test/a', userAgent: 'UA', country: 'VN', city: 'Hanoi' }, t0);
    expect(first).toMatchObject({ id, firstSeenAt: t0, lastSeenAt: t0, lastPageUrl: 'https://shop.test/a' });

    // A reconnect from the same page and browser soon after: nothing written, the row comes back.
    const again = await stores.visitors.ensure(orgId, botId, id, { lastPageUrl: 'https://shop.test/a', userAgent: 'UA', country: 'VN', city: 'Hanoi' }, at(10_000));
    expect(again).toEqual(first);

    // Another page: written at once.
    const moved = await stores.visitors.ensure(orgId, botId, id, { lastPageUrl: 'https://shop.test/b', userAgent: 'UA' }, at(20_000));
    expect(moved).toMatchObject({ lastPageUrl: 'https://shop.test/b', lastSeenAt: at(20_000), city: 'Hanoi' });

    // No page given keeps the page; after the precision has passed, the time is written.
    const later = await stores.visitors.ensure(orgId, botId, id, { userAgent: 'UA' }, at(20_000 + LAST_SEEN_PRECISION_MS + 1));
    expect(later).toMatchObject({ lastPageUrl: 'https://shop.test/b', lastSeenAt: at(20_000 + LAST_SEEN_PRECISION_MS + 1) });

    // A new place (from the IP) is written at once too.
    expect(await stores.visitors.ensure(orgId, botId, id, { userAgent: 'UA', country: 'VN', city: 'Da Nang' }, at(90_000))).toMatchObject({ city: 'Da Nang', lastSeenAt: at(90_000) });
  });

  it("refuses another bot's visitor id, changed or not", async () => {
    const id = randomUUID();
    await stores.visitors.ensure(orgId, botId, id, { userAgent: 'UA' }, new Date());
    await expect(stores.visitors.ensure(orgId, otherBotId, id, { userAgent: 'UA' }, new Date())).rejects.toThrow('another bot');
    await expect(stores.visitors.ensure(orgId, otherBotId, id, { userAgent: 'other UA' }, new Date(Date.now() + 3_600_000))).rejects.toThrow('another bot');
    expect((await stores.visitors.find(botId, id))?.userAgent).toBe('UA');
  });
});
