import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { readableTextColor, type WidgetConfig, type WidgetResolve } from '@parley/contracts';
import { bucket, chooseArm, inCanary } from '@parley/rollout';
import { AppError } from '../../errors/app-error.js';
import type { BotRow, BotStore } from '../bots/bot-store.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { PreviewTokens } from '../releases/preview-tokens.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { ServingPlan, ServedRelease } from '../releases/serving-plan-store.js';
import { storedConfig } from '../releases/to-release.js';
import type { VisitorTokens } from '../visitors/visitor-token.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import { originAllowed } from './origin-allowed.js';
import { DEFAULT_GREETING, baselineWidgetConfig } from './widget-defaults.js';

export interface WidgetServiceDeps {
  bots: BotStore;
  conversations: ConversationStore;
  tokens: VisitorTokens;
  publicUrl: string;
  /** The bot's serving plan (cached; see serving-plan-cache.ts). */
  plans: { get(orgId: string, botId: string): Promise<ServingPlan>; peek?(botId: string): ServingPlan | undefined };
  releases: ReleaseStore;
  previews: PreviewTokens;
  /** Where the widget runtime is loaded from (WIDGET_CDN_URL, default PUBLIC_URL). */
  runtimeUrl: string;
  now?: () => number;
}

/**
 * Every page view of every customer asks resolve, so its answers come from memory: the
 * serving plan (per bot), the bot itself and a visitor's unread count are cached for at
 * most this long. Changes made on this node are seen at once (`forgetVisitor` on new
 * messages and reads, the plan on `release.changed`); elsewhere within this bound.
 */
export const RESOLVE_CACHE_TTL_MS = 5_000;
/**
 * A visitor's unread count changes only with new bot/agent messages and their own reads,
 * and every node is told of those at once (`forgetVisitor`, through Redis between nodes),
 * so it may live longer: most page views are then answered without the database.
 */
export const UNREAD_CACHE_TTL_MS = 10 * 60_000;

/**
 * How many visitors' resolve answers are kept ready (~2 KB each with the JSON; the config inside is
 * shared), the least recently built dropped first. An answer lives as long as the cached bot and plan
 * objects it was built from (which survive TTL reloads while unchanged) and the visitor's unread count.
 */
export const RESOLVE_ANSWERS_MAX = 20_000;

/** A resolve answer: the body, the exact JSON sent, and its ETag (a hash of those bytes). */
export interface ResolveAnswer {
  body: WidgetResolve;
  json: string;
  etag: string;
}

interface KeptAnswer {
  /** The answer is reused only while the bot, the serving plan and the unread count are these very values. */
  bot: BotRow;
  plan: ServingPlan;
  visitorId: string;
  unread: number;
  answer: ResolveAnswer;
}

function toAnswer(body: WidgetResolve): ResolveAnswer {
  const json = JSON.stringify(body);
  return { body, json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/** The release a visitor gets: an experiment arm, else the canary if their bucket is in it, else the active one. */
export function chooseRelease(plan: ServingPlan, botId: string, visitorId: string): ServedRelease | null {
  if (plan.experiment) {
    const arms = plan.experiment.arms.map((a) => ({ id: a.release.id, weight: a.weight }));
    const armId = chooseArm(bucket(botId, visitorId, plan.experiment.salt), arms);
    const arm = plan.experiment.arms.find((a) => a.release.id === armId);
    if (arm) return arm.release;
  }
  if (plan.rollout && inCanary(bucket(botId, visitorId, plan.rollout.salt), plan.rollout.percent)) return plan.rollout.candidate;
  return plan.active;
}

/** Public widget bootstrap: which bot, which visitor, how it looks. */
export function createWidgetService({ bots, conversations, tokens, publicUrl, plans, releases, previews, runtimeUrl, now = Date.now }: WidgetServiceDeps) {
  const parleyOrigin = new URL(publicUrl).origin;
  // An unchanged bot keeps its object across reloads, so visitors' kept answers stay valid.
  const botCache = createTtlCache<string, BotRow | undefined>({ ttlMs: RESOLVE_CACHE_TTL_MS, maxEntries: 10_000, now, same: isDeepStrictEqual });
  const unreadCache = createTtlCache<string, number>({ ttlMs: UNREAD_CACHE_TTL_MS, maxEntries: 200_000, now });
  /**
   * Returning visitors' answers, by token. A page view then costs a few map lookups: no HMAC check,
   * no body building, no JSON or hash. An answer is stale as soon as the cached bot or plan object
   * is replaced (TTL expiry or invalidation) or the visitor's unread count changes.
   */
  const answers = new Map<string, KeptAnswer>();
  /** Each served release's config, validated once (release objects live in the cached plan). */
  const configs = new WeakMap<ServedRelease, WidgetConfig>();
  const configOf = (release: ServedRelease): WidgetConfig => {
    let config = configs.get(release);
    if (!config) {
      config = storedConfig(release.config);
      configs.set(release, config);
    }
    return config;
  };
  const unreadOf = (orgId: string, visitorId: string) => unreadCache.get(visitorId, () => conversations.unreadForVisitor(orgId, visitorId));

  async function build(bot: BotRow, visitorToken: string | undefined, preview?: string): Promise<{ body: WidgetResolve; plan: ServingPlan | null; known: boolean; unread: number }> {
    const known = visitorToken ? tokens.verify(visitorToken, bot.id) : null;
    // A visitor id is only ever minted here; the row is created on first contact.
    const visitorId = known?.visitorId ?? randomUUID();
    let release: ServedRelease | null;
    let plan: ServingPlan | null = null;
    if (preview !== undefined) {
      const releaseId = previews.verify(preview, bot.id);
      if (!releaseId) throw new AppError('forbidden', 'This preview link is invalid or has expired; create a new one');
      const row = await releases.find(bot.orgId, bot.id, releaseId);
      if (!row) throw new AppError('not_found', 'The previewed release no longer exists');
      release = row;
    } else {
      plan = await plans.get(bot.orgId, bot.id);
      release = chooseRelease(plan, bot.id, visitorId);
    }
    // Without a release, the baseline config is in the bot's locale.
    const config = release ? configOf(release) : baselineWidgetConfig(bot);
    const locale = config.locale;
    const unread = known ? await unreadOf(bot.orgId, visitorId) : 0;
    const body: WidgetResolve = {
      visitorToken: known && visitorToken ? visitorToken : tokens.issue({ botId: bot.id, visitorId }),
      visitorId,
      frameUrl: `${publicUrl}/widget/v1/frame/${bot.id}`,
      bot: { id: bot.id, name: bot.name, locale, premium: bot.premium, requireIdentity: bot.requireIdentity },
      theme: { ...config.theme, ink: readableTextColor(config.theme.color) },
      greeting: config.greeting || DEFAULT_GREETING[locale],
      release: release ? { id: release.id, semver: release.semver } : null,
      config,
      runtimeUrl,
      unread,
    };
    return { body, plan, known: known !== null, unread };
  }

  /** Browsers send Origin on cross-site requests; Parley's own pages and the bot's sites may call. */
  const mayCall = (bot: BotRow, origin: string | undefined): boolean =>
    origin === undefined || origin === parleyOrigin || originAllowed(origin, bot.allowedOrigins);

  return {
    parleyOrigin,

    /** The bot if its widget is on; a disabled or unknown bot is the same 404 to the outside. */
    async liveBot(botId: string): Promise<BotRow> {
      const bot = await botCache.get(botId, () => bots.findPublic(botId));
      if (!bot || !bot.widgetEnabled) throw new AppError('not_found', 'No live widget for this bot');
      return bot;
    },

    mayCall,

    /**
     * Which bot, visitor and release this page view gets. `preview`: a signed preview token; it
     * serves that release of this bot (403 when bad or expired) and is never kept.
     */
    async resolve(bot: BotRow, visitorToken: string | undefined, preview?: string): Promise<ResolveAnswer> {
      const key = visitorToken !== undefined && preview === undefined ? `${bot.id}|${visitorToken}` : undefined;
      const kept = key === undefined ? undefined : answers.get(key);
      if (kept && kept.bot === bot) {
        const plan = await plans.get(bot.orgId, bot.id);
        if (plan === kept.plan && (await unreadOf(bot.orgId, kept.visitorId)) === kept.unread) return kept.answer;
      }
      const built = await build(bot, visitorToken, preview);
      const answer = toAnswer(built.body);
      if (key !== undefined && built.known && built.plan) {
        answers.delete(key);
        answers.set(key, { bot, plan: built.plan, visitorId: built.body.visitorId, unread: built.unread, answer });
        if (answers.size > RESOLVE_ANSWERS_MAX) {
          const oldest = answers.keys().next();
          if (!oldest.done) answers.delete(oldest.value);
        }
      }
      return answer;
    },

    /**
     * The kept answer for a returning visitor when everything it depends on is in memory and unchanged
     * (the bot, live and allowing `origin`; the serving plan; the unread count): the HTTP fast path
     * (resolve-fast-path.ts) sends it without a route. Anything else, `undefined`: the route answers.
     */
    keptAnswer(botId: string, visitorToken: string, origin: string | undefined): ResolveAnswer | undefined {
      const bot = botCache.peek(botId)?.value;
      if (!bot || !bot.widgetEnabled || !mayCall(bot, origin) || !plans.peek) return undefined;
      const kept = answers.get(`${bot.id}|${visitorToken}`);
      if (!kept || kept.bot !== bot || plans.peek(bot.id) !== kept.plan) return undefined;
      const unread = unreadCache.peek(kept.visitorId);
      return unread && unread.value === kept.unread ? kept.answer : undefined;
    },

    /** A message or read receipt changed what this visitor has unread. */
    forgetVisitor(visitorId: string): void {
      unreadCache.invalidate(visitorId);
    },

    /** The bot's settings changed (origins, widget on/off). */
    forgetBot(botId: string): void {
      botCache.invalidate(botId);
    },

    /** CSP frame-ancestors for the iframe page: only the bot's sites (and Parley itself) may embed it. */
    frameAncestors(bot: BotRow): string {
      return ["'self'", ...bot.allowedOrigins].join(' ');
    },
  };
}
export type WidgetService = ReturnType<typeof createWidgetService>;
