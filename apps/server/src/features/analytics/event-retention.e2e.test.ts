import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experiments, widgetEventDrops, widgetEvents } from '@parley/db';
import { ReleaseStats } from '@parley/contracts';
import { insertRelease } from '../../test/release-fixtures.js';
import { call, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { createJobLeaseStore } from '../rollouts/job-lease-store.js';
import { createAnalyticsStore } from './analytics-store.js';
import { createEventRetention } from './event-retention.js';

const DAY = 86_400_000;
// Noon, far ahead of the clock: the app's own hourly run (real time) finds nothing this test wrote.
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + 1_000 * DAY + DAY / 2);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const silentLog = { info: () => undefined, error: () => undefined };

interface BotRef {
  orgId: string;
  botId: string;
  releaseId: string;
}

describe('widget event retention', () => {
  let t: TestApp;
  let owner: Actor;
  let plain: BotRef;
  let stoppedAb: BotRef;
  let runningAb: BotRef;
  let otherOrg: BotRef;

  async function bot(actor: Actor, name: string): Promise<BotRef> {
    const orgId = actor.orgId ?? '';
    const botId = (await call(t.app, actor, 'POST', '/api/v1/bots', { name })).json().id;
    return { orgId, botId, releaseId: await insertRelease(t, orgId, botId, '1.0.0', { active: true }) };
  }
  /** One `loaded` event per age (days before NOW), each tagged with its age in `name`. */
  async function events(ref: BotRef, ages: number[]) {
    await t.database.db
      .insert(widgetEvents)
      .values(ages.map((age) => ({ ...ref, visitorId: randomUUID(), type: 'loaded' as const, loadTimeMs: 100, name: String(age), at: daysAgo(age) })));
  }
  async function experiment(ref: BotRef, startedDaysAgo: number, stoppedDaysAgo: number | null) {
    await t.database.db.insert(experiments).values({
      orgId: ref.orgId,
      botId: ref.botId,
      name: 'ab',
      salt: randomUUID(),
      arms: [{ releaseId: ref.releaseId, weight: 100 }],
      goal: { kind: 'open_rate' },
      state: stoppedDaysAgo === null ? 'running' : 'stopped',
      startedAt: daysAgo(startedDaysAgo),
      stoppedAt: stoppedDaysAgo === null ? null : daysAgo(stoppedDaysAgo),
    });
  }
  /** The ages of a bot's events still stored, oldest first. */
  async function agesLeft(ref: BotRef): Promise<number[]> {
    const rows = await t.database.db.select({ name: widgetEvents.name }).from(widgetEvents).where(eq(widgetEvents.botId, ref.botId));
    return rows.map((r) => Number(r.name)).sort((a, b) => b - a);
  }

  beforeAll(async () => {
    t = await createTestApp({ WIDGET_EVENT_RETENTION_DAYS: '30' });
    owner = await createOwner(t, 'retention');
    const stranger = await createOwner(t, 'retention-other');
    plain = await bot(owner, 'Plain');
    stoppedAb = await bot(owner, 'Stopped AB');
    runningAb = await bot(owner, 'Running AB');
    otherOrg = await bot(stranger, 'Other org');
    // The cutoff is 30 days before NOW: older events go, the one exactly at the cutoff stays.
    await events(plain, [400, 45, 31, 30, 29, 1]);
    // A stopped A/B test ran from 60 to 50 days ago: its window stays, before and after it goes.
    await experiment(stoppedAb, 60, 50);
    await events(stoppedAb, [65, 60, 55, 50.5, 50, 45, 10]);
    // A running A/B test started 40 days ago: everything since stays.
    await experiment(runningAb, 40, null);
    await events(runningAb, [45, 40, 35, 2]);
    // Another organization's bot, same ages as the A/B window: an experiment elsewhere protects nothing here.
    await events(otherOrg, [55, 35, 5]);
    await t.database.db.insert(widgetEventDrops).values([
      { orgId: plain.orgId, botId: plain.botId, day: dayOf(daysAgo(31)), reason: 'malformed', count: 3 },
      { orgId: plain.orgId, botId: plain.botId, day: dayOf(daysAgo(30)), reason: 'malformed', count: 2 },
      { orgId: plain.orgId, botId: plain.botId, day: dayOf(daysAgo(1)), reason: 'forged_visitor', count: 1 },
    ]);
  });
  afterAll(() => t.close());

  it('deletes events older than the retention window, keeping every experiment window on its own bot', async () => {
    const run = await t.app.runEventRetentionOnce(NOW);
    expect(run).toEqual({ ran: true, deletedEvents: 9, deletedDropCounts: 1 });
    expect(await agesLeft(plain)).toEqual([30, 29, 1]);
    expect(await agesLeft(stoppedAb)).toEqual([60, 55, 50.5, 10]);
    expect(await agesLeft(runningAb)).toEqual([40, 35, 2]);
    expect(await agesLeft(otherOrg)).toEqual([5]);
    // The refused-event counts of days wholly before the cutoff (noon, 30 days ago) go; the cutoff's day stays.
    const drops = await t.database.db.select({ day: widgetEventDrops.day }).from(widgetEventDrops).where(eq(widgetEventDrops.botId, plain.botId));
    expect(drops.map((d) => d.day).sort()).toEqual([dayOf(daysAgo(30)), dayOf(daysAgo(1))]);
    // A second run finds nothing more.
    expect(await t.app.runEventRetentionOnce(NOW)).toEqual({ ran: true, deletedEvents: 0, deletedDropCounts: 0 });
  });

  it('leaves the release stats of the window it keeps unchanged', async () => {
    const res = await call(t.app, owner, 'GET', `/api/v1/bots/${plain.botId}/release-stats?from=${daysAgo(30).toISOString()}&to=${NOW.toISOString()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(ReleaseStats.parse(res.json()).releases.find((r) => r.releaseId === plain.releaseId)).toMatchObject({ loads: 3 });
  });

  it('deletes in batches, at most maxPerRun per run, the rest on the next run', async () => {
    const ref = await bot(owner, 'Batches');
    const analytics = createAnalyticsStore(t.database.db);
    const statements: number[] = [];
    const counting = {
      deleteEventsBefore: async (cutoff: Date, limit: number) => {
        statements.push(limit);
        return analytics.deleteEventsBefore(cutoff, limit);
      },
      deleteDropsBefore: (day: string) => analytics.deleteDropsBefore(day),
    };
    const retention = createEventRetention({ leases: createJobLeaseStore(t.database.db), analytics: counting, days: 30, now: () => NOW, log: silentLog, batchSize: 2, maxPerRun: 5 });
    // Another node's retention may hold the lease a while: this one runs after it expired.
    const later = new Date(NOW.getTime() + 3_600_000);
    // An hour later the event exactly at the first test's cutoff has aged out too: cleared first.
    while ((await retention.runOnce(later)).deletedEvents > 0);
    await events(ref, [100, 99, 98, 97, 96, 95, 94, 3]);
    statements.length = 0;
    expect((await retention.runOnce(later)).deletedEvents).toBe(5);
    expect(statements).toEqual([2, 2, 1]);
    expect((await agesLeft(ref)).length).toBe(3);
    expect((await retention.runOnce(later)).deletedEvents).toBe(2);
    expect(await agesLeft(ref)).toEqual([3]);
  });

  it('runs on one node at a time: a second holder waits until the lease expires', async () => {
    const ref = await bot(owner, 'Lease');
    await events(ref, [50]);
    const deps = { leases: createJobLeaseStore(t.database.db), analytics: createAnalyticsStore(t.database.db), days: 30, now: () => NOW, log: silentLog };
    const a = createEventRetention(deps);
    const b = createEventRetention(deps);
    const at = new Date(NOW.getTime() + 10 * 3_600_000);
    expect((await a.runOnce(at)).ran).toBe(true);
    expect(await b.runOnce(new Date(at.getTime() + 60_000))).toEqual({ ran: false, deletedEvents: 0, deletedDropCounts: 0 });
    await events(ref, [50]);
    // The lease lasts 30 minutes: after it, the other node takes over.
    expect(await b.runOnce(new Date(at.getTime() + 31 * 60_000))).toEqual({ ran: true, deletedEvents: 1, deletedDropCounts: 0 });
  });

  it('keeps everything with WIDGET_EVENT_RETENTION_DAYS=0', async () => {
    const ref = await bot(owner, 'Forever');
    await events(ref, [3_000]);
    const retention = createEventRetention({ leases: createJobLeaseStore(t.database.db), analytics: createAnalyticsStore(t.database.db), days: 0, now: () => NOW, log: silentLog });
    expect(await retention.runOnce(new Date(NOW.getTime() + 100 * 3_600_000))).toEqual({ ran: false, deletedEvents: 0, deletedDropCounts: 0 });
    expect(await agesLeft(ref)).toEqual([3_000]);
  });
});
