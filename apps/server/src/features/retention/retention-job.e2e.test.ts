import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experiments, webhookAttempts, webhookDeliveries, widgetEventDrops, widgetEvents } from '@parley/db';
import { ReleaseStats } from '@parley/contracts';
import { insertRelease } from '../../test/release-fixtures.js';
import { call, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { createAnalyticsStore } from '../analytics/analytics-store.js';
import { createJobLeaseStore } from '../rollouts/job-lease-store.js';
import { createWebhookDeliveryStore } from '../webhooks/webhook-delivery-store.js';
import { createRetentionJob, type RetentionJobDeps } from './retention-job.js';

const DAY = 86_400_000;
// Noon, far ahead of the clock: the app's own hourly run (real time) finds nothing this test wrote.
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + 1_000 * DAY + DAY / 2);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const silentLog = { info: () => undefined, error: () => undefined };
const nothing = { ran: true, deletedEvents: 0, deletedDropCounts: 0, deletedWebhookDeliveries: 0 };

interface BotRef {
  orgId: string;
  botId: string;
  releaseId: string;
}

describe('retention job', () => {
  let t: TestApp;
  let owner: Actor;
  let plain: BotRef;
  let stoppedAb: BotRef;
  let runningAb: BotRef;
  let countedAb: BotRef;
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
  /** An experiment on the bot; `counted`: stopped with its per-arm counts kept (as every stop now keeps them). */
  async function experiment(ref: BotRef, startedDaysAgo: number, stoppedDaysAgo: number | null, counted = false) {
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
      armCounts: counted ? [{ releaseId: ref.releaseId, visitors: 1, conversions: 0 }] : null,
    });
  }
  /** A finished or pending webhook delivery created `age` days before NOW, with one attempt logged. */
  async function delivery(orgId: string, age: number, status: 'pending' | 'succeeded' | 'failed') {
    const [row] = await t.database.db
      .insert(webhookDeliveries)
      .values({ orgId, kind: 'event', event: 'message.created', url: 'https://hooks.example/in', payload: { age }, status, createdAt: daysAgo(age), dedupeKey: `${status}:${age}:${randomUUID()}` })
      .returning({ id: webhookDeliveries.id });
    if (!row) throw new Error('no delivery row');
    await t.database.db.insert(webhookAttempts).values({ deliveryId: row.id, orgId, attempt: 1, at: daysAgo(age), statusCode: 500, durationMs: 12 });
  }
  /** The status:age of every webhook delivery still stored, and how many attempt rows remain. */
  async function deliveriesLeft(): Promise<{ deliveries: string[]; attempts: number }> {
    const rows = await t.database.db.select({ status: webhookDeliveries.status, payload: webhookDeliveries.payload }).from(webhookDeliveries);
    const attempts = await t.database.db.select({ id: webhookAttempts.id }).from(webhookAttempts);
    return { deliveries: rows.map((r) => `${r.status}:${JSON.stringify(r.payload)}`).sort(), attempts: attempts.length };
  }
  const deps = (over: Partial<RetentionJobDeps> = {}): RetentionJobDeps => ({
    leases: createJobLeaseStore(t.database.db),
    analytics: createAnalyticsStore(t.database.db),
    webhookDeliveries: createWebhookDeliveryStore(t.database.db),
    days: { widgetEvents: 30, webhookDeliveries: 7 },
    now: () => NOW,
    log: silentLog,
    ...over,
  });
  /** The ages of a bot's events still stored, oldest first. */
  async function agesLeft(ref: BotRef): Promise<number[]> {
    const rows = await t.database.db.select({ name: widgetEvents.name }).from(widgetEvents).where(eq(widgetEvents.botId, ref.botId));
    return rows.map((r) => Number(r.name)).sort((a, b) => b - a);
  }

  beforeAll(async () => {
    t = await createTestApp({ WIDGET_EVENT_RETENTION_DAYS: '30', WEBHOOK_DELIVERY_RETENTION_DAYS: '7' });
    owner = await createOwner(t, 'retention');
    const stranger = await createOwner(t, 'retention-other');
    plain = await bot(owner, 'Plain');
    stoppedAb = await bot(owner, 'Stopped AB');
    runningAb = await bot(owner, 'Running AB');
    otherOrg = await bot(stranger, 'Other org');
    // The cutoff is 30 days before NOW: older events go, the one exactly at the cutoff stays.
    await events(plain, [400, 45, 31, 30, 29, 1]);
    // A stopped A/B test (from before counts were kept at the stop) ran from 60 to 50 days ago: its window stays, before and after it goes.
    await experiment(stoppedAb, 60, 50);
    await events(stoppedAb, [65, 60, 55, 50.5, 50, 45, 10]);
    // A stopped A/B test that kept its counts at the stop no longer needs its window's events.
    countedAb = await bot(owner, 'Counted AB');
    await experiment(countedAb, 60, 50, true);
    await events(countedAb, [55, 10]);
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
    // Webhook deliveries of both organizations: finished ones older than 7 days go, pending ones never.
    await delivery(plain.orgId, 20, 'succeeded');
    await delivery(plain.orgId, 8, 'failed');
    await delivery(otherOrg.orgId, 8, 'succeeded');
    await delivery(plain.orgId, 20, 'pending');
    await delivery(plain.orgId, 6, 'succeeded');
    await delivery(plain.orgId, 1, 'failed');
  });
  afterAll(() => t.close());

  it('deletes events older than the retention window, keeping the windows of experiments still read from events, on their own bot', async () => {
    const run = await t.app.runRetentionOnce(NOW);
    expect(run).toEqual({ ran: true, deletedEvents: 10, deletedDropCounts: 1, deletedWebhookDeliveries: 3 });
    expect(await agesLeft(plain)).toEqual([30, 29, 1]);
    expect(await agesLeft(stoppedAb)).toEqual([60, 55, 50.5, 10]);
    expect(await agesLeft(runningAb)).toEqual([40, 35, 2]);
    expect(await agesLeft(countedAb)).toEqual([10]);
    expect(await agesLeft(otherOrg)).toEqual([5]);
    // The refused-event counts of days wholly before the cutoff (noon, 30 days ago) go; the cutoff's day stays.
    const drops = await t.database.db.select({ day: widgetEventDrops.day }).from(widgetEventDrops).where(eq(widgetEventDrops.botId, plain.botId));
    expect(drops.map((d) => d.day).sort()).toEqual([dayOf(daysAgo(30)), dayOf(daysAgo(1))]);
    // A second run finds nothing more.
    expect(await t.app.runRetentionOnce(NOW)).toEqual(nothing);
  });

  it('deletes finished webhook deliveries older than their retention, with their attempt logs, never pending ones', async () => {
    // (Deleted by the first test's run.)
    expect(await deliveriesLeft()).toEqual({ deliveries: ['failed:{"age":1}', 'pending:{"age":20}', 'succeeded:{"age":6}'], attempts: 3 });
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
    const retention = createRetentionJob(deps({ analytics: counting, batchSize: 2, maxPerRun: 5 }));
    // Another node's retention may hold the lease a while: this one runs after it expired.
    const later = new Date(NOW.getTime() + 3_600_000);
    // An hour later the event exactly at the first test's cutoff has aged out too: cleared first.
    while ((await retention.runOnce(later)).deletedEvents > 0);
    await events(ref, [100, 99, 98, 97, 96, 95, 94, 3]);
    for (const age of [30, 29, 28, 27, 26, 25, 24]) await delivery(ref.orgId, age, 'succeeded');
    statements.length = 0;
    expect(await retention.runOnce(later)).toEqual({ ran: true, deletedEvents: 5, deletedDropCounts: 0, deletedWebhookDeliveries: 5 });
    expect(statements).toEqual([2, 2, 1]);
    expect((await agesLeft(ref)).length).toBe(3);
    expect(await retention.runOnce(later)).toEqual({ ran: true, deletedEvents: 2, deletedDropCounts: 0, deletedWebhookDeliveries: 2 });
    expect(await agesLeft(ref)).toEqual([3]);
  });

  it('runs on one node at a time: a second holder waits until the lease expires', async () => {
    const ref = await bot(owner, 'Lease');
    await events(ref, [50]);
    const a = createRetentionJob(deps());
    const b = createRetentionJob(deps());
    const at = new Date(NOW.getTime() + 10 * 3_600_000);
    expect((await a.runOnce(at)).ran).toBe(true);
    expect(await b.runOnce(new Date(at.getTime() + 60_000))).toEqual({ ...nothing, ran: false });
    await events(ref, [50]);
    // The lease lasts 30 minutes: after it, the other node takes over.
    expect(await b.runOnce(new Date(at.getTime() + 31 * 60_000))).toEqual({ ...nothing, deletedEvents: 1 });
  });

  it('keeps a kind forever when its retention is 0 days, and runs nothing when both are', async () => {
    const ref = await bot(owner, 'Forever');
    const at = new Date(NOW.getTime() + 100 * 3_600_000);
    // Four days later more of the first test's rows have aged out: cleared first (its lease lasts 30 minutes).
    await createRetentionJob(deps()).runOnce(new Date(at.getTime() - 31 * 60_000));
    await events(ref, [3_000]);
    await delivery(ref.orgId, 3_000, 'succeeded');
    const eventsKept = createRetentionJob(deps({ days: { widgetEvents: 0, webhookDeliveries: 7 } }));
    expect(await eventsKept.runOnce(at)).toEqual({ ...nothing, deletedWebhookDeliveries: 1 });
    expect(await agesLeft(ref)).toEqual([3_000]);
    await delivery(ref.orgId, 3_000, 'succeeded');
    const allKept = createRetentionJob(deps({ days: { widgetEvents: 0, webhookDeliveries: 0 } }));
    expect(await allKept.runOnce(new Date(at.getTime() + 100 * 3_600_000))).toEqual({ ...nothing, ran: false });
    expect((await deliveriesLeft()).deliveries).toContain('succeeded:{"age":3000}');
  });
});
