import { completeWidgetConfig, Locale } from '@parley/contracts';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { randomToken } from '../../lib/tokens.js';
import type { Transact } from '../data-store.js';
import { semverParts } from './semver-parts.js';

/** The old single-config model: one plain widget config per bot. */
export const LegacyWidgetConfig = z.strictObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour such as #4f46e5' }).optional(),
  position: z.enum(['right', 'left']).optional(),
  greeting: z.string().trim().max(500).optional(),
  launcherText: z.string().trim().max(40).optional(),
  title: z.string().trim().max(60).optional(),
  locale: Locale.optional(),
});

export const LegacyFile = z.strictObject({
  bots: z
    .array(
      z.strictObject({
        botId: z.uuid().optional(),
        orgId: z.uuid(),
        name: z.string().trim().min(1).max(100),
        config: LegacyWidgetConfig.default({}),
      }),
    )
    .max(10_000),
});
export type LegacyFile = z.infer<typeof LegacyFile>;

export interface LegacyImportResult {
  botId: string;
  name: string;
  outcome: 'imported' | 'already imported';
  botCreated: boolean;
}

const IMPORTED_VERSION = '1.0.0';
export const LEGACY_REASON = 'imported from legacy config';

/**
 * Makes each legacy bot's config its release 1.0.0, published and active. Idempotent: a bot
 * is matched by id (or by name in its organization) and one that has 1.0.0 is left alone.
 */
export function createLegacyImporter({ transact, runtime, now }: { transact: Transact; runtime: string; now: () => Date }) {
  return {
    async importFile(file: LegacyFile): Promise<LegacyImportResult[]> {
      const results: LegacyImportResult[] = [];
      for (const legacy of file.bots) {
        results.push(
          await transact(async (s) => {
            if (!(await s.orgs.find(legacy.orgId))) throw new AppError('not_found', `Organization ${legacy.orgId} not found (bot "${legacy.name}")`);
            let bot = legacy.botId
              ? await s.bots.find(legacy.orgId, legacy.botId)
              : (await s.bots.list(legacy.orgId)).find((b) => b.name === legacy.name);
            if (legacy.botId && !bot) throw new AppError('not_found', `Bot ${legacy.botId} not found in organization ${legacy.orgId}`);
            const botCreated = !bot;
            bot ??= await s.bots.create(legacy.orgId, {
              name: legacy.name,
              identitySecret: randomToken(32),
              ...(legacy.config.locale ? { locale: legacy.config.locale } : {}),
            });
            if (!(await s.releases.lockBot(legacy.orgId, bot.id))) throw new AppError('not_found', `Bot ${bot.id} vanished`);
            if (await s.releases.findBySemver(legacy.orgId, bot.id, IMPORTED_VERSION)) {
              return { botId: bot.id, name: bot.name, outcome: 'already imported' as const, botCreated };
            }
            const c = legacy.config;
            const config = completeWidgetConfig({
              theme: { color: c.color, position: c.position, launcherText: c.launcherText },
              texts: { title: c.title },
              greeting: c.greeting,
              locale: c.locale ?? Locale.catch('en').parse(bot.locale),
            });
            const at = now();
            const release = await s.releases.create(legacy.orgId, bot.id, {
              semver: IMPORTED_VERSION,
              ...semverParts(IMPORTED_VERSION),
              config,
              runtime,
              changelog: LEGACY_REASON,
              createdBy: null,
              createdAt: at,
            });
            if (!release) throw new AppError('version_taken', `Bot ${bot.id} already has ${IMPORTED_VERSION}`);
            await s.releases.markPublished(legacy.orgId, release.id, null, at);
            const previous = await s.releases.activeId(legacy.orgId, bot.id);
            await s.releases.setActive(legacy.orgId, bot.id, release.id, at);
            await s.deployments.record({
              orgId: legacy.orgId,
              botId: bot.id,
              kind: 'publish',
              releaseId: release.id,
              previousReleaseId: previous ?? null,
              actor: { kind: 'system' },
              reason: LEGACY_REASON,
              at,
            });
            return { botId: bot.id, name: bot.name, outcome: 'imported' as const, botCreated };
          }),
        );
      }
      return results;
    },
  };
}
