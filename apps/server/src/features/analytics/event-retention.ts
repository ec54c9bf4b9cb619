import { createPeriodicTask } from '../../lib/periodic-task.js';
import { newLeaseHolder, type JobLeaseStore } from '../rollouts/job-lease-store.js';
import type { AnalyticsStore } from './analytics-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the widget-event retention once at `now` (tests drive it without waiting for the timer). */
    runEventRetentionOnce(now?: Date): Promise<RetentionRun>;
  }
}

export interface RetentionRun {
  /** False when retention is off (0 days) or another node holds the job's lease. */
  ran: boolean;
  deletedEvents: number;
  /** Rows of refused-event counts (one per bot, day and reason). */
  deletedDropCounts: number;
}

export interface EventRetentionDeps {
  leases: JobLeaseStore;
  analytics: Pick<AnalyticsStore, 'deleteEventsBefore' | 'deleteDropsBefore'>;
  /** Widget events older than this many days are deleted; 0 keeps them forever. */
  days: number;
  now: () => Date;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * Rows per DELETE statement: short statements, so beacons and the judge never wait long behind one.
   * Embedded PGlite runs on the server's own thread: 1,000 rows take ~9 ms there (5,000 took ~34 ms).
   */
  batchSize?: number;
  /** Rows per run at most; the rest goes on the next run. */
  maxPerRun?: number;
}

const LEASE = 'widget-event-retention';
const DAY_MS = 86_400_000;
/** Hourly; the first run a minute after start, so a node that restarts often still runs it. */
export const EVENT_RETENTION_INTERVAL_MS = 3_600_000;
const FIRST_RUN_DELAY_MS = 60_000;
/** Held long enough for a run that deletes `maxPerRun` rows; a node that dies frees it when it expires. */
const LEASE_MS = 30 * 60_000;

/**
 * The retention worker: deletes widget events (and refused-event counts) older than the retention
 * window, in small batches, on one node at a time (a lease row). Without it, every page view of every
 * customer's site would stay in `widget_events` forever.
 */
export function createEventRetention({ leases, analytics, days, now, log, batchSize = 1_000, maxPerRun = 1_000_000 }: EventRetentionDeps) {
  const holder = newLeaseHolder();

  async function runOnce(at: Date = now()): Promise<RetentionRun> {
    if (days === 0) return { ran: false, deletedEvents: 0, deletedDropCounts: 0 };
    if (!(await leases.acquire(LEASE, holder, at, new Date(at.getTime() + LEASE_MS)))) return { ran: false, deletedEvents: 0, deletedDropCounts: 0 };
    const cutoff = new Date(at.getTime() - days * DAY_MS);
    let deletedEvents = 0;
    for (;;) {
      const limit = Math.min(batchSize, maxPerRun - deletedEvents);
      const n = await analytics.deleteEventsBefore(cutoff, limit);
      deletedEvents += n;
      if (n < limit || deletedEvents >= maxPerRun) break;
    }
    // Refused-event counts are per UTC day: a day goes once all of it is older than the cutoff.
    const deletedDropCounts = await analytics.deleteDropsBefore(cutoff.toISOString().slice(0, 10));
    if (deletedEvents > 0 || deletedDropCounts > 0) {
      log.info({ deletedEvents, deletedDropCounts, cutoff: cutoff.toISOString(), more: deletedEvents >= maxPerRun }, 'widget event retention');
    }
    return { ran: true, deletedEvents, deletedDropCounts };
  }

  const task = createPeriodicTask(runOnce, {
    intervalMs: EVENT_RETENTION_INTERVAL_MS,
    firstDelayMs: FIRST_RUN_DELAY_MS,
    onError: (err) => log.error({ err }, 'widget event retention failed'),
  });
  return { runOnce, start: task.start, stop: task.stop };
}
