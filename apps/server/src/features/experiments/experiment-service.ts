import { randomBytes } from 'node:crypto';
import type { Experiment, ExperimentResults, StartExperimentBody } from '@parley/contracts';
import { experimentResults } from '@parley/rollout';
import { AppError, notFound } from '../../errors/app-error.js';
import type { EventBus } from '../../events/domain-events.js';
import { iso, isoOrNull } from '../../lib/iso.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores, Transact } from '../data-store.js';
import { armsOf, countArms, goalOf, keptArmCounts } from './arm-counts.js';
import type { ExperimentRow } from './experiment-store.js';

export interface ExperimentServiceDeps {
  stores: Stores;
  transact: Transact;
  events: EventBus;
  now: () => Date;
}

const conflict = (detail: string) => new AppError('conflict', detail);
const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

function toExperiment(row: ExperimentRow): Experiment {
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    arms: armsOf(row),
    goal: goalOf(row),
    state: row.state,
    winnerReleaseId: row.winnerReleaseId,
    startedAt: iso(row.startedAt),
    stoppedAt: isoOrNull(row.stoppedAt),
  };
}

/** A/B experiments between releases: start, results, stop (shipping a winner makes it active). */
export function createExperimentService({ stores, transact, events, now }: ExperimentServiceDeps) {
  const changed = (orgId: string, botId: string, reason: string) => events.emit({ type: 'release.changed', orgId, botId, reason });

  async function find(ctx: OrgContext, botId: string, id: string): Promise<ExperimentRow> {
    if (!(await stores.bots.find(ctx.orgId, botId))) throw notFound('Bot');
    const row = await stores.experiments.find(ctx.orgId, botId, id);
    if (!row) throw notFound('Experiment');
    return row;
  }

  return {
    async list(ctx: OrgContext, botId: string): Promise<Experiment[]> {
      if (!(await stores.bots.find(ctx.orgId, botId))) throw notFound('Bot');
      return (await stores.experiments.list(ctx.orgId, botId)).map(toExperiment);
    },

    /** Arms must be distinct releases of the bot (drafts are published, not activated); the first arm is the control. */
    async start(ctx: OrgContext, botId: string, body: StartExperimentBody): Promise<Experiment> {
      const ids = body.arms.map((a) => a.releaseId);
      if (new Set(ids).size !== ids.length) {
        throw new AppError('validation_failed', 'Each arm must be a different release', [{ path: 'body.arms', message: 'releases must be distinct' }]);
      }
      const at = now();
      const row = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
        const releases = [];
        for (const id of ids) {
          const release = await tx.releases.find(ctx.orgId, botId, id);
          if (!release) throw notFound('Release');
          if (release.status === 'archived') throw conflict(`Release ${release.semver} is archived; copy it into a new draft first`);
          releases.push(release);
        }
        if (await tx.rollouts.findLive(ctx.orgId, botId)) throw conflict('This bot has a live canary rollout; finish or abort it before an experiment');
        if (await tx.experiments.findRunning(ctx.orgId, botId)) throw conflict('This bot already has a running experiment; stop it first');
        for (const release of releases) {
          if (release.status === 'draft') await tx.releases.markPublished(ctx.orgId, release.id, ctx.userId, at);
        }
        const row = await tx.experiments.create(ctx.orgId, botId, {
          name: body.name,
          salt: randomBytes(16).toString('hex'),
          arms: body.arms,
          goal: body.goal,
          startedBy: ctx.userId,
          startedAt: at,
        });
        if (!row) throw conflict('This bot already has a running experiment; stop it first');
        await tx.deployments.record({
          orgId: ctx.orgId,
          botId,
          kind: 'experiment_start',
          releaseId: ids[1] ?? null,
          previousReleaseId: ids[0] ?? null,
          actor: { kind: 'user', userId: ctx.userId },
          reason: `experiment “${body.name}”: ${releases.map((r, i) => `${r.semver} (weight ${body.arms[i]?.weight ?? 0})`).join(' vs ')}`,
          at,
        });
        return row;
      });
      changed(ctx.orgId, botId, `experiment ${body.name} started`);
      return toExperiment(row);
    },

    async stop(ctx: OrgContext, botId: string, id: string, body: { winnerReleaseId?: string | undefined; reason?: string | undefined }): Promise<Experiment> {
      const at = now();
      const row = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
        const current = await tx.experiments.find(ctx.orgId, botId, id, true);
        if (!current) throw notFound('Experiment');
        if (current.state !== 'running') throw conflict('The experiment is already stopped');
        const winner = body.winnerReleaseId ?? null;
        if (winner && !armsOf(current).some((a) => a.releaseId === winner)) {
          throw new AppError('validation_failed', 'The winner must be one of the experiment’s arms', [{ path: 'body.winnerReleaseId', message: 'not an arm' }]);
        }
        const previous = (await tx.releases.activeId(ctx.orgId, botId)) ?? null;
        // Counted now, kept with the experiment: its results no longer depend on widget events (retention deletes old ones).
        const stopped = await tx.experiments.stop(ctx.orgId, id, winner, at, await countArms(tx.analytics, current, at));
        if (!stopped) throw conflict('The experiment is already stopped');
        if (winner && winner !== previous) await tx.releases.setActive(ctx.orgId, botId, winner, at);
        const semver = winner ? (await tx.releases.find(ctx.orgId, botId, winner))?.semver : undefined;
        await tx.deployments.record({
          orgId: ctx.orgId,
          botId,
          kind: 'experiment_stop',
          releaseId: winner,
          previousReleaseId: previous,
          actor: { kind: 'user', userId: ctx.userId },
          reason: body.reason ?? (semver ? `experiment “${current.name}” stopped; ${semver} won and is now active` : `experiment “${current.name}” stopped without a winner`),
          at,
        });
        return stopped;
      });
      changed(ctx.orgId, botId, `experiment ${row.name} stopped`);
      return toExperiment(row);
    },

    /** Per arm: distinct visitors who loaded it, how many reached the goal; lift against the first arm; SRM check. */
    async results(ctx: OrgContext, botId: string, id: string): Promise<ExperimentResults> {
      const row = await find(ctx, botId, id);
      const experiment = toExperiment(row);
      // A stopped experiment's counts were kept at the stop (older experiments: counted from their events).
      const armCounts = keptArmCounts(row) ?? (await countArms(stores.analytics, row, row.stoppedAt ?? FAR_FUTURE));
      const counts = experiment.arms.map((arm) => {
        const c = armCounts.find((a) => a.releaseId === arm.releaseId);
        return { id: arm.releaseId, visitors: c?.visitors ?? 0, conversions: Math.min(c?.conversions ?? 0, c?.visitors ?? 0), weight: arm.weight };
      });
      const control = counts[0]?.id;
      if (!control || counts.length < 2) throw new AppError('conflict', 'The experiment has fewer than two arms');
      const result = experimentResults(counts, control);
      return {
        experimentId: row.id,
        arms: result.arms.map((arm) => ({
          releaseId: arm.id,
          visitors: arm.visitors,
          conversions: arm.conversions,
          rate: arm.rate ?? 0,
          lift: arm.lift
            ? { absolute: arm.lift.absolute, relative: arm.lift.relative, ci95: [arm.lift.absoluteCi95.lower, arm.lift.absoluteCi95.upper], pValue: arm.lift.pValue }
            : null,
        })),
        sampleRatioMismatch: {
          chiSquare: result.sampleRatioMismatch.chiSquare,
          pValue: result.sampleRatioMismatch.pValue,
          mismatch: result.sampleRatioMismatch.mismatch,
        },
      };
    },
  };
}
export type ExperimentService = ReturnType<typeof createExperimentService>;
