import { randomUUID } from 'node:crypto';
import { completeWidgetConfig, Locale, type WidgetResolve } from '@parley/contracts';
import { AppError } from '../../errors/app-error.js';
import type { BotRow, BotStore } from '../bots/bot-store.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { VisitorTokens } from '../visitors/visitor-token.js';
import { originAllowed } from './origin-allowed.js';
import { DEFAULT_GREETING, DEFAULT_THEME } from './widget-defaults.js';

export interface WidgetServiceDeps {
  bots: BotStore;
  conversations: ConversationStore;
  tokens: VisitorTokens;
  publicUrl: string;
}

/** Public widget bootstrap: which bot, which visitor, how it looks. */
export function createWidgetService({ bots, conversations, tokens, publicUrl }: WidgetServiceDeps) {
  const parleyOrigin = new URL(publicUrl).origin;

  return {
    parleyOrigin,

    /** The bot if its widget is on; a disabled or unknown bot is the same 404 to the outside. */
    async liveBot(botId: string): Promise<BotRow> {
      const bot = await bots.findPublic(botId);
      if (!bot || !bot.widgetEnabled) throw new AppError('not_found', 'No live widget for this bot');
      return bot;
    },

    /** Browsers send Origin on cross-site requests; Parley's own pages and the bot's sites may call. */
    mayCall(bot: BotRow, origin: string | undefined): boolean {
      return origin === undefined || origin === parleyOrigin || originAllowed(origin, bot.allowedOrigins);
    },

    async resolve(bot: BotRow, visitorToken: string | undefined): Promise<WidgetResolve> {
      const known = visitorToken ? tokens.verify(visitorToken, bot.id) : null;
      // A visitor id is only ever minted here; the row is created on first contact.
      const visitorId = known?.visitorId ?? randomUUID();
      const locale = Locale.catch('en').parse(bot.locale);
      return {
        visitorToken: known && visitorToken ? visitorToken : tokens.issue({ botId: bot.id, visitorId }),
        visitorId,
        frameUrl: `${publicUrl}/widget/v1/frame/${bot.id}`,
        bot: { id: bot.id, name: bot.name, locale, premium: bot.premium, requireIdentity: bot.requireIdentity },
        theme: DEFAULT_THEME,
        greeting: DEFAULT_GREETING[locale],
        // TODO(Issue 4): the visitor's release (active, canary or experiment arm).
        release: null,
        config: completeWidgetConfig({ theme: DEFAULT_THEME, greeting: DEFAULT_GREETING[locale], locale }),
        runtimeUrl: publicUrl,
        unread: known ? await conversations.unreadForVisitor(bot.orgId, visitorId) : 0,
      };
    },

    /** CSP frame-ancestors for the iframe page: only the bot's sites (and Parley itself) may embed it. */
    frameAncestors(bot: BotRow): string {
      return ["'self'", ...bot.allowedOrigins].join(' ');
    },
  };
}
export type WidgetService = ReturnType<typeof createWidgetService>;
