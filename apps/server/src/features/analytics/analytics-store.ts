import { and, asc, eq, gte, isNull, lt, lte, notExists, or, sql } from 'drizzle-orm';
import { experiments, widgetEventDrops, widgetEvents, widgetReleases, type Database } from '@parley/db';
import { inSubqueryOnce } from '../../lib/in-subquery-once.js';

export type NewWidgetEvent = Omit<typeof widgetEvents.$inferInsert, 'id'>;

export interface ReleaseTotalsRow {
  releaseId: string;
  semver: string;
  views: number;
  loads: number;
  errors: number;
  p50LoadMs: number | null;
  p95LoadMs: number | null;
  opens: number;
  conversions: number;
}

export interface HourRow {
  releaseId: string;
  /** Start of the hour, in seconds since the epoch. */
  hour: number;
  loads: number;
  errors: number;
}

export interface ArmWindowRow {
  loads: number;
  errors: number;
  p95LoadMs: number | null;
  opens: number;
  conversions: number;
}

/** What counts as an experiment conversion: a named `track` event, or an event type. */
export type VisitorGoal = { type: 'track'; name: string } | { type: 'opened' | 'message_sent' };

export interface StatsWindow {
  orgId: string;
  botId: string;
  from: Date;
  to: Date;
  /** The `track` event name that counts as a conversion. */
  goal: string;
}

const count = (condition: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
const nullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Widget beacons (widget_events) and the per-release numbers read from them. */
export function createAnalyticsStore(db: Database) {
  return {
    /** One statement per batch. */
    /** Counts refused beacon events (one row per bot, UTC day and reason). */
    async countDropped(orgId: string, botId: string, at: Date, reason: string, n: number): Promise<void> {
      if (n <= 0) return;
      const day = at.toISOString().slice(0, 10);
      await db
        .insert(widgetEventDrops)
        .values({ orgId, botId, day, reason, count: n })
        .onConflictDoUpdate({
          target: [widgetEventDrops.botId, widgetEventDrops.day, widgetEventDrops.reason],
          set: { count: sql`${widgetEventDrops.count} + ${n}` },
        });
    },
    /** Refused events per reason over the days [from, to] touches. */
    async droppedIn(orgId: string, botId: string, from: Date, to: Date): Promise<Record<string, number>> {
      const rows = await db
        .select({ reason: widgetEventDrops.reason, n: sql<number>`sum(${widgetEventDrops.count})`.mapWith(Number) })
        .from(widgetEventDrops)
        .where(
          and(
            eq(widgetEventDrops.orgId, orgId),
            eq(widgetEventDrops.botId, botId),
            gte(widgetEventDrops.day, from.toISOString().slice(0, 10)),
            lte(widgetEventDrops.day, to.toISOString().slice(0, 10)),
          ),
        )
        .groupBy(widgetEventDrops.reason);
      return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
    },
    /**
     * Retention: deletes up to `limit` events from before `cutoff` (every organization) and answers how many.
     * Events inside the window [started, stopped) of an experiment on their bot whose results are still read
     * from events (a running one, or one stopped before counts were kept at the stop) are kept, so its
     * results never change.
     */
    async deleteEventsBefore(cutoff: Date, limit: number): Promise<number> {
      const e = widgetEvents;
      const x = experiments;
      const inExperiment = db
        .select({ one: sql`1` })
        .from(x)
        .where(and(eq(x.orgId, e.orgId), eq(x.botId, e.botId), isNull(x.armCounts), lte(x.startedAt, e.at), or(isNull(x.stoppedAt), lt(e.at, x.stoppedAt))));
      const due = db
        .select({ id: e.id })
        .from(e)
        .where(and(lt(e.at, cutoff), notExists(inExperiment)))
        .limit(limit);
      const deleted = await db.delete(e).where(inSubqueryOnce(e.id, due)).returning({ id: e.id });
      return deleted.length;
    },
    /** Retention: deletes the refused-event counts of days before `day` (YYYY-MM-DD, UTC). */
    async deleteDropsBefore(day: string): Promise<number> {
      const deleted = await db.delete(widgetEventDrops).where(lt(widgetEventDrops.day, day)).returning({ day: widgetEventDrops.day });
      return deleted.length;
    },
    async insertEvents(rows: NewWidgetEvent[]): Promise<void> {
      if (rows.length === 0) return;
      await db.insert(widgetEvents).values(rows);
    },

    /** True when `releaseId` is one of this bot's releases. */
    async releaseOfBot(orgId: string, botId: string, releaseId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: widgetReleases.id })
        .from(widgetReleases)
        .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.botId, botId), eq(widgetReleases.id, releaseId)));
      return row !== undefined;
    },

    /** Totals per release with events in [from, to). */
    async releaseTotals(w: StatsWindow): Promise<ReleaseTotalsRow[]> {
      const e = widgetEvents;
      const rows = await db
        .select({
          releaseId: e.releaseId,
          semver: widgetReleases.semver,
          views: count(sql`${e.type} = 'viewed'`),
          loads: count(sql`${e.type} = 'loaded'`),
          errors: count(sql`${e.type} = 'error'`),
          p50LoadMs: sql<unknown>`percentile_cont(0.5) within group (order by ${e.loadTimeMs}) filter (where ${e.type} = 'loaded')`,
          p95LoadMs: sql<unknown>`percentile_cont(0.95) within group (order by ${e.loadTimeMs}) filter (where ${e.type} = 'loaded')`,
          opens: count(sql`${e.type} = 'opened'`),
          conversions: count(sql`${e.type} = 'track' and ${e.name} = ${w.goal}`),
        })
        .from(e)
        .innerJoin(widgetReleases, and(eq(widgetReleases.id, e.releaseId), eq(widgetReleases.orgId, w.orgId)))
        .where(and(eq(e.orgId, w.orgId), eq(e.botId, w.botId), gte(e.at, w.from), lt(e.at, w.to)))
        .groupBy(e.releaseId, widgetReleases.semver, widgetReleases.major, widgetReleases.minor, widgetReleases.patch)
        .orderBy(asc(widgetReleases.major), asc(widgetReleases.minor), asc(widgetReleases.patch));
      return rows.map((r) => ({ ...r, p50LoadMs: nullableNumber(r.p50LoadMs), p95LoadMs: nullableNumber(r.p95LoadMs) }));
    },

    /** Loads and errors per release per hour in [from, to). */
    async hourly(w: StatsWindow): Promise<HourRow[]> {
      const e = widgetEvents;
      const hour = sql<number>`(floor(extract(epoch from ${e.at}) / 3600) * 3600)::bigint`.mapWith(Number);
      return db
        .select({
          releaseId: e.releaseId,
          hour,
          loads: count(sql`${e.type} = 'loaded'`),
          errors: count(sql`${e.type} = 'error'`),
        })
        .from(e)
        .where(and(eq(e.orgId, w.orgId), eq(e.botId, w.botId), gte(e.at, w.from), lt(e.at, w.to)))
        .groupBy(e.releaseId, hour)
        .orderBy(hour);
    },

    /** One release's numbers in [from, to), for the canary judge. */
    async armMetrics(orgId: string, botId: string, releaseId: string, from: Date, to: Date, goal: string): Promise<ArmWindowRow> {
      const e = widgetEvents;
      const [row] = await db
        .select({
          loads: count(sql`${e.type} = 'loaded'`),
          errors: count(sql`${e.type} = 'error'`),
          p95LoadMs: sql<unknown>`percentile_cont(0.95) within group (order by ${e.loadTimeMs}) filter (where ${e.type} = 'loaded')`,
          opens: count(sql`${e.type} = 'opened'`),
          conversions: count(sql`${e.type} = 'track' and ${e.name} = ${goal}`),
        })
        .from(e)
        .where(and(eq(e.orgId, orgId), eq(e.botId, botId), eq(e.releaseId, releaseId), gte(e.at, from), lt(e.at, to)));
      return {
        loads: row?.loads ?? 0,
        errors: row?.errors ?? 0,
        p95LoadMs: nullableNumber(row?.p95LoadMs),
        opens: row?.opens ?? 0,
        conversions: row?.conversions ?? 0,
      };
    },

    /**
     * Experiment arm: distinct visitors who saw `releaseId` in [from, to) (its launcher on a page, or its
     * widget loaded), and how many of them reached the goal on that release.
     */
    async armVisitors(orgId: string, botId: string, releaseId: string, from: Date, to: Date, goal: VisitorGoal): Promise<{ visitors: number; conversions: number }> {
      const e = widgetEvents;
      const scope = and(eq(e.orgId, orgId), eq(e.botId, botId), eq(e.releaseId, releaseId), gte(e.at, from), lt(e.at, to));
      const goalCondition =
        goal.type === 'track' ? sql`${e.type} = 'track' and ${e.name} = ${goal.name}` : sql`${e.type} = ${goal.type}`;
      const [row] = await db
        .select({
          visitors: sql<number>`count(distinct ${e.visitorId}) filter (where ${e.type} in ('viewed', 'loaded'))`.mapWith(Number),
          conversions: sql<number>`count(distinct ${e.visitorId}) filter (where ${goalCondition} and ${e.visitorId} in (
            select l.visitor_id from ${e} l
            where l.org_id = ${orgId} and l.bot_id = ${botId} and l.release_id = ${releaseId} and l.type in ('viewed', 'loaded') and l.at >= ${from.toISOString()}::timestamptz and l.at < ${to.toISOString()}::timestamptz))`.mapWith(Number),
        })
        .from(e)
        .where(scope);
      return { visitors: row?.visitors ?? 0, conversions: row?.conversions ?? 0 };
    },
  };
}
export type AnalyticsStore = ReturnType<typeof createAnalyticsStore>;
