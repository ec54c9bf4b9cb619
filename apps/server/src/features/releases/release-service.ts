import type {
  CreateReleaseBody,
  Deployment,
  PreviewLink,
  Release,
  ReleaseList,
  RollbackBody,
  UpdateReleaseBody,
} from '@parley/contracts';
import { AppError, notFound } from '../../errors/app-error.js';
import type { EventBus } from '../../events/domain-events.js';
import { iso } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores, Transact } from '../data-store.js';
import type { DeploymentKind } from '@parley/contracts';
import { mergeWidgetConfig } from './merge-widget-config.js';
import type { PreviewTokens } from './preview-tokens.js';
import type { ReleaseRow } from './release-store.js';
import { semverParts, suggestVersions } from './semver-parts.js';
import { storedConfig, toDeployment, toRelease } from './to-release.js';
import { baselineWidgetConfig } from '../widget/widget-defaults.js';
import type { BotRow } from '../bots/bot-store.js';
import { countArms } from '../experiments/arm-counts.js';

export interface ReleaseServiceDeps {
  stores: Stores;
  transact: Transact;
  events: EventBus;
  previews: PreviewTokens;
  now: () => Date;
  /** The widget runtime build new releases run on. */
  runtime: string;
  /** Where the widget runtime's assets are served from (CDN base + versioned path). */
  assetUrl: string;
  publicUrl: string;
  /** Published releases kept; older ones are archived. */
  retention: number;
}

/** Deployment kinds after which `releaseId` is the active release. */
const ACTIVATING: readonly DeploymentKind[] = ['publish', 'rollback', 'canary_promote', 'experiment_stop'];

const notDraft = (row: ReleaseRow, what: string) =>
  new AppError('release_immutable', `Release ${row.semver} is ${row.status}; ${what} (copy it into a new draft to change it)`);
const versionTaken = (semver: string) => new AppError('version_taken', `Version ${semver} already exists for this bot`);

/** Versions, drafts, publish, rollback and the deployment timeline of a bot's widget. */
export function createReleaseService(deps: ReleaseServiceDeps) {
  const { stores, transact, events, previews, now, runtime, assetUrl, publicUrl, retention } = deps;
  const view = (row: ReleaseRow, activeId: string | undefined) => toRelease(row, activeId, assetUrl);

  async function bot(ctx: OrgContext, botId: string): Promise<BotRow> {
    const row = await stores.bots.find(ctx.orgId, botId);
    if (!row) throw notFound('Bot');
    return row;
  }
  async function release(s: Stores, ctx: OrgContext, botId: string, id: string): Promise<ReleaseRow> {
    const row = await s.releases.find(ctx.orgId, botId, id);
    if (!row) throw notFound('Release');
    return row;
  }
  async function nextPatch(s: Stores, ctx: OrgContext, botId: string): Promise<string> {
    const [highest] = await s.releases.list(ctx.orgId, botId);
    return suggestVersions(highest).patch;
  }
  async function createDraft(
    ctx: OrgContext,
    botId: string,
    input: { semver: string | undefined; config: ReturnType<typeof mergeWidgetConfig>; changelog: string },
  ): Promise<Release> {
    const semver = input.semver ?? (await nextPatch(stores, ctx, botId));
    const row = await stores.releases.create(ctx.orgId, botId, {
      semver,
      ...semverParts(semver),
      config: input.config,
      runtime,
      changelog: input.changelog,
      createdBy: ctx.userId,
      createdAt: now(),
    });
    if (!row) throw versionTaken(semver);
    return view(row, await stores.releases.activeId(ctx.orgId, botId));
  }
  const changed = (ctx: OrgContext, botId: string, reason: string) => events.emit({ type: 'release.changed', orgId: ctx.orgId, botId, reason });

  return {
    async list(ctx: OrgContext, botId: string): Promise<ReleaseList> {
      await bot(ctx, botId);
      const rows = await stores.releases.list(ctx.orgId, botId);
      const activeId = await stores.releases.activeId(ctx.orgId, botId);
      return { releases: rows.map((r) => view(r, activeId)), suggested: suggestVersions(rows[0]) };
    },

    async get(ctx: OrgContext, botId: string, id: string): Promise<Release> {
      const row = await release(stores, ctx, botId, id);
      return view(row, await stores.releases.activeId(ctx.orgId, botId));
    },

    async create(ctx: OrgContext, botId: string, body: CreateReleaseBody): Promise<Release> {
      const row = await bot(ctx, botId);
      // From scratch: what the bot's visitors get without a release (its language, Live Support if premium).
      const base = body.fromReleaseId ? storedConfig((await release(stores, ctx, botId, body.fromReleaseId)).config) : baselineWidgetConfig(row);
      return createDraft(ctx, botId, { semver: body.semver, config: mergeWidgetConfig(base, body.config), changelog: body.changelog });
    },

    /** A new draft with the config of any release (archived ones included). */
    async copy(ctx: OrgContext, botId: string, id: string, body: { semver?: string | undefined }): Promise<Release> {
      const source = await release(stores, ctx, botId, id);
      return createDraft(ctx, botId, {
        semver: body.semver,
        config: storedConfig(source.config),
        changelog: `Copy of ${source.semver}`,
      });
    },

    async update(ctx: OrgContext, botId: string, id: string, body: UpdateReleaseBody): Promise<Release> {
      const row = await release(stores, ctx, botId, id);
      if (row.status !== 'draft') throw notDraft(row, 'only drafts can be edited');
      const updated = await stores.releases.updateDraft(ctx.orgId, botId, id, {
        ...(body.semver !== undefined ? { semver: body.semver, ...semverParts(body.semver) } : {}),
        ...(body.config !== undefined ? { config: mergeWidgetConfig(storedConfig(row.config), body.config) } : {}),
        ...(body.changelog !== undefined ? { changelog: body.changelog } : {}),
      });
      if (updated === 'taken') throw versionTaken(body.semver ?? '');
      // Published between the read and the write.
      if (!updated) throw notDraft({ ...row, status: 'published' }, 'only drafts can be edited');
      return view(updated, await stores.releases.activeId(ctx.orgId, botId));
    },

    async remove(ctx: OrgContext, botId: string, id: string): Promise<void> {
      const row = await release(stores, ctx, botId, id);
      if (row.status !== 'draft') throw notDraft(row, 'only drafts can be deleted');
      if (!(await stores.releases.deleteDraft(ctx.orgId, botId, id))) throw notDraft({ ...row, status: 'published' }, 'only drafts can be deleted');
    },

    /** Makes a draft the one active release; older published releases beyond `retention` are archived. */
    async publish(ctx: OrgContext, botId: string, id: string, reason: string | undefined): Promise<Release> {
      const result = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
        const row = await release(tx, ctx, botId, id);
        if (row.status !== 'draft') throw notDraft(row, 'only drafts can be published');
        const at = now();
        const previous = await tx.releases.activeId(ctx.orgId, botId);
        const published = await tx.releases.markPublished(ctx.orgId, id, ctx.userId, at);
        if (!published) throw notDraft(row, 'only drafts can be published');
        await tx.releases.setActive(ctx.orgId, botId, id, at);
        await tx.deployments.record({
          orgId: ctx.orgId,
          botId,
          kind: 'publish',
          releaseId: id,
          previousReleaseId: previous ?? null,
          actor: { kind: 'user', userId: ctx.userId },
          reason: reason ?? `published ${row.semver}`,
          at,
        });
        const older = (await tx.releases.publishedExcept(ctx.orgId, botId, id)).slice(Math.max(0, retention - 1));
        await tx.releases.setStatus(ctx.orgId, older.map((r) => r.id), 'archived', at);
        for (const r of older) {
          await tx.deployments.record({
            orgId: ctx.orgId,
            botId,
            kind: 'archive',
            releaseId: r.id,
            previousReleaseId: null,
            actor: { kind: 'system' },
            reason: `retention keeps the last ${retention} published releases`,
            at,
          });
        }
        return published;
      });
      changed(ctx, botId, `published ${result.semver}`);
      return view(result, result.id);
    },

    /** One call: back to the release active before the current one, or to a given published/archived one. */
    async rollback(ctx: OrgContext, botId: string, body: RollbackBody): Promise<Release> {
      const result = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
        const current = await tx.releases.activeId(ctx.orgId, botId);
        if (!current) throw new AppError('conflict', 'Nothing is published yet; there is nothing to roll back');
        // A live canary or experiment: "roll back" means everyone back on the active release.
        const canary = await tx.rollouts.findLive(ctx.orgId, botId);
        const experiment = await tx.experiments.findRunning(ctx.orgId, botId);
        const live = canary !== undefined || experiment !== undefined;
        let targetId = body.releaseId ?? (live ? current : undefined);
        if (!targetId) {
          const timeline = await tx.deployments.list(ctx.orgId, botId, 200);
          targetId =
            timeline.find((d) => d.releaseId === current && ACTIVATING.includes(d.kind) && d.previousReleaseId)?.previousReleaseId ??
            (await tx.releases.publishedExcept(ctx.orgId, botId, current))[0]?.id ??
            undefined;
          if (!targetId) throw new AppError('conflict', 'There is no earlier release to roll back to');
        }
        const target = await release(tx, ctx, botId, targetId);
        if (target.status === 'draft') throw new AppError('conflict', `Release ${target.semver} is a draft; publish it instead`);
        if (target.id === current && !live) throw new AppError('conflict', `Release ${target.semver} is already active`);
        const at = now();
        if (target.status === 'archived') await tx.releases.setStatus(ctx.orgId, [target.id], 'published', at);
        if (target.id !== current) await tx.releases.setActive(ctx.orgId, botId, target.id, at);
        const actor = { kind: 'user' as const, userId: ctx.userId };
        if (canary) {
          await tx.rollouts.update(ctx.orgId, canary.id, { state: 'aborted' }, at);
          await tx.deployments.record({ orgId: ctx.orgId, botId, kind: 'canary_abort', releaseId: canary.candidateReleaseId, previousReleaseId: null, actor, reason: `rollback: ${body.reason}`, at });
        }
        if (experiment) {
          await tx.experiments.stop(ctx.orgId, experiment.id, null, at, await countArms(tx.analytics, experiment, at));
          await tx.deployments.record({ orgId: ctx.orgId, botId, kind: 'experiment_stop', releaseId: null, previousReleaseId: null, actor, reason: `rollback: ${body.reason}`, at });
        }
        await tx.deployments.record({
          orgId: ctx.orgId,
          botId,
          kind: 'rollback',
          releaseId: target.id,
          // Staying on the active release (ending a canary) activated nothing new.
          previousReleaseId: target.id === current ? null : current,
          actor: { kind: 'user', userId: ctx.userId },
          reason: body.reason,
          at,
        });
        return { ...target, status: 'published' as const };
      });
      changed(ctx, botId, `rolled back to ${result.semver}: ${body.reason}`);
      return view(result, result.id);
    },

    /** A link that shows this release in the real widget to whoever holds it (24 h). */
    async preview(ctx: OrgContext, botId: string, id: string): Promise<PreviewLink> {
      const row = await release(stores, ctx, botId, id);
      const { token, expiresAt } = previews.issue({ botId, releaseId: row.id });
      return { url: `${publicUrl}/widget/v1/frame/${botId}?preview=${token}`, token, expiresAt: iso(expiresAt) };
    },

    async deployments(ctx: OrgContext, botId: string, limit: number): Promise<Deployment[]> {
      await bot(ctx, botId);
      return (await stores.deployments.list(ctx.orgId, botId, limit)).map(toDeployment);
    },
  };
}
export type ReleaseService = ReturnType<typeof createReleaseService>;
