import { AssistantMessages, type AssistantSettings, type UpdateAssistantSettingsBody } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../errors/app-error.js';
import type { EventBus } from '../../events/domain-events.js';
import { iso } from '../../lib/iso.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores } from '../data-store.js';
import type { AssistantSettingsPatch, AssistantSettingsRow } from './assistant-settings-store.js';
import type { LlmProvider } from './llm-provider.js';

/** What the pipeline needs of a bot: its assistant settings and a little of the bot itself. */
export interface BotAssistantProfile {
  settings: AssistantSettingsRow;
  botName: string;
  botLocale: string;
}

export interface AssistantSettingsServiceDeps {
  stores: Pick<Stores, 'bots' | 'assistantSettings'>;
  events: EventBus;
  llm: LlmProvider;
  now: () => Date;
  /** Vets URLs the server will call (the SSRF guard); throws an Error whose message says why a URL is refused. */
  urlGuard?: UrlGuard;
  /** How long another node may use settings changed elsewhere (default 5 s). */
  cacheTtlMs?: number;
}

export interface UrlGuard {
  check(url: string): Promise<unknown>;
}

export const newWorkflowSecret = (): string => randomBytes(32).toString('base64url');

export function toAssistantSettings(row: AssistantSettingsRow, extra: { llmTokensThisMonth: number; globalLlmConfigured: boolean }): AssistantSettings {
  return {
    botId: row.botId,
    mode: row.mode,
    intentThreshold: row.intentThreshold,
    knowledgeThreshold: row.knowledgeThreshold,
    llmEnabled: row.llmEnabled,
    llmBaseUrl: row.llmBaseUrl,
    llmModel: row.llmModel,
    llmApiKeySet: row.llmApiKey !== null && row.llmApiKey !== '',
    globalLlmConfigured: extra.globalLlmConfigured,
    llmMonthlyTokenBudget: row.llmMonthlyTokenBudget,
    llmTokensThisMonth: extra.llmTokensThisMonth,
    workflowUrl: row.workflowUrl,
    messages: AssistantMessages.catch({}).parse(row.messages),
    updatedAt: iso(row.updatedAt),
  };
}

/** A bot's assistant settings: created with defaults on first use; the LLM key is write-only. */
export function createAssistantSettingsService(deps: AssistantSettingsServiceDeps) {
  const { stores, events, llm, now } = deps;
  const cache = createTtlCache<string, BotAssistantProfile>({ ttlMs: deps.cacheTtlMs ?? 5_000, maxEntries: 10_000, now: () => Date.now() });
  const keyOf = (orgId: string, botId: string) => `${orgId}:${botId}`;

  events.subscribe((event) => {
    if (event.type === 'bot.changed') cache.invalidate(keyOf(event.orgId, event.botId));
  });

  /** The bot's profile, creating the settings row when missing; 404 for a bot of another organization. */
  async function load(orgId: string, botId: string): Promise<BotAssistantProfile> {
    const bot = await stores.bots.find(orgId, botId);
    if (!bot) throw notFound('Bot');
    let settings = await stores.assistantSettings.find(orgId, botId);
    if (!settings) {
      await stores.assistantSettings.insertDefault(orgId, botId, newWorkflowSecret());
      settings = await stores.assistantSettings.find(orgId, botId);
      if (!settings) throw notFound('Bot');
    }
    return { settings, botName: bot.name, botLocale: bot.locale };
  }

  async function present(row: AssistantSettingsRow): Promise<AssistantSettings> {
    return toAssistantSettings(row, {
      llmTokensThisMonth: await llm.tokensThisMonth(row.orgId, row.botId),
      globalLlmConfigured: llm.globalConfigured,
    });
  }

  async function write(orgId: string, botId: string, patch: AssistantSettingsPatch): Promise<AssistantSettingsRow> {
    await load(orgId, botId);
    const row = await stores.assistantSettings.update(orgId, botId, patch, now());
    if (!row) throw notFound('Bot');
    // Drops this node's caches of the bot (settings here, resolve's bot cache); other nodes within their TTL.
    events.emit({ type: 'bot.changed', orgId, botId });
    return row;
  }

  return {
    /** The pipeline's read: cached for a few seconds, dropped at once on this node when the settings change. */
    profile(orgId: string, botId: string): Promise<BotAssistantProfile> {
      return cache.get(keyOf(orgId, botId), () => load(orgId, botId));
    },

    async get(ctx: OrgContext, botId: string): Promise<AssistantSettings> {
      return present((await load(ctx.orgId, botId)).settings);
    },

    async update(ctx: OrgContext, botId: string, body: UpdateAssistantSettingsBody): Promise<AssistantSettings> {
      await load(ctx.orgId, botId);
      // The server calls these URLs: a tenant may not point them at private or loopback addresses.
      for (const field of ['workflowUrl', 'llmBaseUrl'] as const) {
        const url = body[field];
        if (!url || !deps.urlGuard) continue;
        try {
          await deps.urlGuard.check(url);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          throw new AppError('validation_failed', `${field} refused: ${message}`, [{ path: field, message }]);
        }
      }
      return present(await write(ctx.orgId, botId, body));
    },

    async workflowSecret(ctx: OrgContext, botId: string): Promise<{ workflowSecret: string }> {
      return { workflowSecret: (await load(ctx.orgId, botId)).settings.workflowSecret };
    },

    async rotateWorkflowSecret(ctx: OrgContext, botId: string): Promise<{ workflowSecret: string }> {
      return { workflowSecret: (await write(ctx.orgId, botId, { workflowSecret: newWorkflowSecret() })).workflowSecret };
    },
  };
}
export type AssistantSettingsService = ReturnType<typeof createAssistantSettingsService>;
