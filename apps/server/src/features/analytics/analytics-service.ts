import { WidgetEvent, type ReleaseStats, type ReleaseStatsQuery, type WidgetEventEnvelope } from '@parley/contracts';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, forbidden, notFound } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { BotRow, BotStore } from '../bots/bot-store.js';
import type { VisitorTokens } from '../visitors/visitor-token.js';
import type { AnalyticsStore, NewWidgetEvent } from './analytics-store.js';
import { rateLimit } from './rate-limit.js';

export interface AnalyticsServiceDeps {
  analytics: AnalyticsStore;
  bots: BotStore;
  tokens: VisitorTokens;
  /** Beacon batches per visitor and per IP address. */
  limiters: { visitor: RateLimiterAbstract; ip: RateLimiterAbstract };
  now: () => Date;
}

const DEFAULT_WINDOW_MS = 7 * 24 * 3_600_000;
export const DEFAULT_GOAL = 'purchase';

const rate = (count: number, loads: number): number => (loads > 0 ? Math.min(count, loads) / loads : 0);

function toRow(base: Omit<NewWidgetEvent, 'type'>, event: WidgetEvent): NewWidgetEvent {
  switch (event.type) {
    case 'loaded':
      return { ...base, type: 'loaded', loadTimeMs: event.loadTimeMs };
    case 'error':
      return { ...base, type: 'error', errorMessage: event.message, errorHash: event.stackHash };
    case 'track':
      return { ...base, type: 'track', name: event.name, props: event.props ?? null };
    default:
      return { ...base, type: event.type };
  }
}

/** Widget beacons in, per-release analytics out. */
export function createAnalyticsService({ analytics, bots, tokens, limiters, now }: AnalyticsServiceDeps) {
  return {
    /**
     * Stores a batch from a visitor of `bot` (its origin already checked). Each event is
     * validated on its own: malformed or out-of-range ones are dropped and counted, never
     * stored; a forged visitor or another bot's release refuses (and counts) the batch.
     */
    async ingest(bot: BotRow, batch: WidgetEventEnvelope, ip: string): Promise<{ stored: number; dropped: number }> {
      await rateLimit(limiters.ip, ip, 'events from this address');
      const at = now();
      const drop = (reason: string, n: number) => analytics.countDropped(bot.orgId, bot.id, at, reason, n);
      const visitor = tokens.verify(batch.visitorToken, bot.id);
      if (!visitor) {
        await drop('forged_visitor', batch.events.length);
        throw forbidden('The visitor token is not valid for this bot');
      }
      await rateLimit(limiters.visitor, visitor.visitorId, 'events from this visitor');
      if (!(await analytics.releaseOfBot(bot.orgId, bot.id, batch.releaseId))) {
        await drop('unknown_release', batch.events.length);
        throw new AppError('not_found', 'This bot has no such release');
      }
      const valid = batch.events.flatMap((raw) => {
        const parsed = WidgetEvent.safeParse(raw);
        return parsed.success ? [parsed.data] : [];
      });
      const base = { orgId: bot.orgId, botId: bot.id, releaseId: batch.releaseId, visitorId: visitor.visitorId, at };
      await Promise.all([
        valid.length > 0 ? analytics.insertEvents(valid.map((event) => toRow(base, event))) : undefined,
        drop('invalid_event', batch.events.length - valid.length),
      ]);
      return { stored: valid.length, dropped: batch.events.length - valid.length };
    },

    async stats(ctx: OrgContext, botId: string, query: ReleaseStatsQuery): Promise<ReleaseStats> {
      if (!(await bots.find(ctx.orgId, botId))) throw notFound('Bot');
      const to = query.to ? new Date(query.to) : now();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
      if (from >= to) throw new AppError('validation_failed', '`from` must be before `to`', [{ path: 'querystring.from', message: 'must be before `to`' }]);
      const window = { orgId: ctx.orgId, botId, from, to, goal: query.goal ?? DEFAULT_GOAL };
      const [totals, hours, dropped] = await Promise.all([analytics.releaseTotals(window), analytics.hourly(window), analytics.droppedIn(ctx.orgId, botId, from, to)]);
      return {
        from: iso(from),
        to: iso(to),
        releases: totals.map((t) => {
          // Page views; loaders from before views were reported only counted loads.
          const seen = Math.max(t.views, t.loads);
          return {
            releaseId: t.releaseId,
            semver: t.semver,
            views: t.views,
            loads: t.loads,
            errors: t.errors,
            errorRate: rate(t.errors, t.loads),
            p50LoadMs: t.p50LoadMs,
            p95LoadMs: t.p95LoadMs,
            opens: t.opens,
            openRate: rate(t.opens, seen),
            conversions: t.conversions,
            conversionRate: rate(t.conversions, seen),
            series: hours
              .filter((h) => h.releaseId === t.releaseId)
              .map((h) => ({ at: iso(new Date(h.hour * 1000)), loads: h.loads, errors: h.errors })),
          };
        }),
        dropped,
      };
    },
  };
}
export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
