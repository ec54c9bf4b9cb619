import type { EventBus } from '../../events/domain-events.js';
import type { Bot, BotIdentitySecret, CreateBotBody, UpdateBotBody } from '@parley/contracts';
import { notFound } from '../../errors/app-error.js';
import { iso } from '../../lib/iso.js';
import { randomToken } from '../../lib/tokens.js';
import type { OrgContext } from '../auth/principal.js';
import type { BotRow, BotStore } from './bot-store.js';
import { LocaleOrEn } from '../../lib/locale-or-en.js';

function toBot(row: BotRow): Bot {
  return {
    id: row.id,
    name: row.name,
    allowedOrigins: row.allowedOrigins,
    widgetEnabled: row.widgetEnabled,
    premium: row.premium,
    // The column is text; anything unknown (a future locale rolled back) reads as English.
    locale: LocaleOrEn.parse(row.locale),
    requireIdentity: row.requireIdentity,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const dedupe = (origins: string[]): string[] => [...new Set(origins)];

export function createBotService({ bots, now, events }: { bots: BotStore; now: () => Date; events: EventBus }) {
  const changed = (row: BotRow) => events.emit({ type: 'bot.changed', orgId: row.orgId, botId: row.id });

  async function find(ctx: OrgContext, id: string): Promise<BotRow> {
    const row = await bots.find(ctx.orgId, id);
    if (!row) throw notFound('Bot');
    return row;
  }

  return {
    async list(ctx: OrgContext): Promise<Bot[]> {
      return (await bots.list(ctx.orgId)).map(toBot);
    },

    async get(ctx: OrgContext, id: string): Promise<Bot> {
      return toBot(await find(ctx, id));
    },

    async create(ctx: OrgContext, input: CreateBotBody): Promise<Bot> {
      const row = await bots.create(ctx.orgId, {
        ...input,
        allowedOrigins: dedupe(input.allowedOrigins),
        identitySecret: randomToken(32),
      });
      return toBot(row);
    },

    async update(ctx: OrgContext, id: string, patch: UpdateBotBody): Promise<Bot> {
      const { allowedOrigins, ...rest } = patch;
      const row = await bots.update(
        ctx.orgId,
        id,
        { ...rest, ...(allowedOrigins ? { allowedOrigins: dedupe(allowedOrigins) } : {}) },
        now(),
      );
      if (!row) throw notFound('Bot');
      changed(row);
      return toBot(row);
    },

    async remove(ctx: OrgContext, id: string): Promise<void> {
      if (!(await bots.delete(ctx.orgId, id))) throw notFound('Bot');
      events.emit({ type: 'bot.changed', orgId: ctx.orgId, botId: id });
    },

    async identitySecret(ctx: OrgContext, id: string): Promise<BotIdentitySecret> {
      return { identitySecret: (await find(ctx, id)).identitySecret };
    },

    async rotateIdentitySecret(ctx: OrgContext, id: string): Promise<BotIdentitySecret> {
      const row = await bots.update(ctx.orgId, id, { identitySecret: randomToken(32) }, now());
      if (!row) throw notFound('Bot');
      changed(row);
      return { identitySecret: row.identitySecret };
    },
  };
}
export type BotService = ReturnType<typeof createBotService>;
