import { createPeriodicTask } from '../../lib/periodic-task.js';
import type { AnalyticsStore } from '../analytics/analytics-store.js';
import { newLeaseHolder, type JobLeaseStore } from '../rollouts/job-lease-store.js';
import type { WebhookDeliveryStore } from '../webhooks/webhook-delivery-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the retention job once at `now` (tests drive it without waiting for the timer). */
    runRetentionOnce(now?: Date): Promise<RetentionRun>;
  }
}

export interface RetentionRun {
  /** False when every retention is off (0 days) or another node holds the job's lease. */
  ran: boolean;
  deletedEvents: number;
  /** Rows of refused-event counts (one per bot, day and reason). */
  deletedDropCounts: number;
  /** Finished webhook deliveries (succeeded or failed), with their attempt logs. */
  deletedWebhookDeliveries: number;
}

/** How long each kind of data is kept, in days; 0 keeps it forever. */
export interface RetentionDays {
  widgetEvents: number;
  webhookDeliveries: number;
}

export interface RetentionJobDeps {
  leases: JobLeaseStore;
  analytics: Pick<AnalyticsStore, 'deleteEventsBefore' | 'deleteDropsBefore'>;
  webhookDeliveries: Pick<WebhookDeliveryStore, 'deleteFinishedBefore'>;
  days: RetentionDays;
  now: () => Date;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * Rows per DELETE statement: short statements, so beacons, webhooks and the judge never wait long
   * behind one. Embedded PGlite runs on the server's own thread: 1,000 widget events take ~9 ms there
   * (5,000 took ~34 ms).
   */
  batchSize?: number;
  /** Rows of each kind per run at most; the rest goes on the next run. */
  maxPerRun?: number;
}

const LEASE = 'retention';
const DAY_MS = 86_400_000;
/** Hourly; the first run a minute after start, so a node that restarts often still runs it. */
const INTERVAL_MS = 3_600_000;
const FIRST_RUN_DELAY_MS = 60_000;
/** Held long enough for a run that deletes `maxPerRun` rows of each kind; a node that dies frees it when it expires. */
const LEASE_MS = 30 * 60_000;

/**
 * The retention worker: deletes what would otherwise grow forever with traffic (every page view's widget
 * events, every message's webhook deliveries) once it is older than its retention, in small batches,
 * on one node at a time (a lease row).
 */
export function createRetentionJob({ leases, analytics, webhookDeliveries, days, now, log, batchSize = 1_000, maxPerRun = 1_000_000 }: RetentionJobDeps) {
  const holder = newLeaseHolder();
  const off: RetentionRun = { ran: false, deletedEvents: 0, deletedDropCounts: 0, deletedWebhookDeliveries: 0 };

  /** Runs `deleteSome(limit)` until it deletes fewer than asked or `maxPerRun` rows are gone. */
  async function drain(deleteSome: (limit: number) => Promise<number>): Promise<number> {
    let deleted = 0;
    for (;;) {
      const limit = Math.min(batchSize, maxPerRun - deleted);
      const n = await deleteSome(limit);
      deleted += n;
      if (n < limit || deleted >= maxPerRun) return deleted;
    }
  }

  async function runOnce(at: Date = now()): Promise<RetentionRun> {
    if (days.widgetEvents === 0 && days.webhookDeliveries === 0) return off;
    if (!(await leases.acquire(LEASE, holder, at, new Date(at.getTime() + LEASE_MS)))) return off;
    const cutoff = (d: number) => new Date(at.getTime() - d * DAY_MS);
    const run: RetentionRun = { ...off, ran: true };
    if (days.widgetEvents > 0) {
      const before = cutoff(days.widgetEvents);
      run.deletedEvents = await drain((limit) => analytics.deleteEventsBefore(before, limit));
      // Refused-event counts are per UTC day: a day goes once all of it is older than the cutoff.
      run.deletedDropCounts = await analytics.deleteDropsBefore(before.toISOString().slice(0, 10));
    }
    if (days.webhookDeliveries > 0) {
      const before = cutoff(days.webhookDeliveries);
      run.deletedWebhookDeliveries = await drain((limit) => webhookDeliveries.deleteFinishedBefore(before, limit));
    }
    if (run.deletedEvents + run.deletedDropCounts + run.deletedWebhookDeliveries > 0) log.info({ ...run, maxPerRun }, 'retention deleted old data');
    return run;
  }

  const task = createPeriodicTask(runOnce, {
    intervalMs: INTERVAL_MS,
    firstDelayMs: FIRST_RUN_DELAY_MS,
    onError: (err) => log.error({ err }, 'retention failed'),
  });
  return { runOnce, start: task.start, stop: task.stop };
}
