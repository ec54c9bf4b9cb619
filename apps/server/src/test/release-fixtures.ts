import { activeReleases, widgetEvents, widgetReleases } from '@parley/db';
import { WidgetResolve, completeWidgetConfig, type WidgetEvent } from '@parley/contracts';
import type { FastifyInstance } from 'fastify';
import type { TestApp } from './test-app.js';

/** A release row written straight to the database (tests of features that only read releases). */
export async function insertRelease(
  t: TestApp,
  orgId: string,
  botId: string,
  semver: string,
  options: { status?: 'draft' | 'published' | 'archived'; active?: boolean } = {},
): Promise<string> {
  const [major = 0, minor = 0, patch = 0] = semver.split('.').map(Number);
  const status = options.status ?? 'published';
  const [row] = await t.database.db
    .insert(widgetReleases)
    .values({
      orgId,
      botId,
      semver,
      major,
      minor,
      patch,
      status,
      config: completeWidgetConfig(),
      runtime: 'test',
      publishedAt: status === 'published' ? new Date() : null,
    })
    .returning({ id: widgetReleases.id });
  if (!row) throw new Error('no release row');
  if (options.active) {
    await t.database.db
      .insert(activeReleases)
      .values({ orgId, botId, releaseId: row.id })
      .onConflictDoUpdate({ target: activeReleases.botId, set: { releaseId: row.id } });
  }
  return row.id;
}

type EventSpec = WidgetEvent | { type: 'loaded'; loadTimeMs: number };

/** Widget events of one visitor on one release at `at`, written straight to the database. */
export async function insertEvents(
  t: TestApp,
  target: { orgId: string; botId: string; releaseId: string; visitorId: string },
  events: EventSpec[],
  at: Date,
): Promise<void> {
  await t.database.db.insert(widgetEvents).values(
    events.map((e) => ({
      ...target,
      type: e.type,
      at,
      loadTimeMs: e.type === 'loaded' ? e.loadTimeMs : null,
      name: e.type === 'track' ? e.name : null,
      errorHash: e.type === 'error' ? e.stackHash : null,
      errorMessage: e.type === 'error' ? e.message : null,
    })),
  );
}

/** A new visitor of the bot, through the real resolve endpoint. */
export async function resolveVisitor(app: FastifyInstance, botId: string, origin?: string): Promise<WidgetResolve> {
  const res = await app.inject({ method: 'GET', url: `/widget/v1/bots/${botId}/resolve`, headers: origin ? { origin } : {} });
  if (res.statusCode !== 200) throw new Error(`resolve failed ${res.statusCode}: ${res.body}`);
  return WidgetResolve.parse(res.json());
}
