import { randomBytes } from 'node:crypto';
import type { Rollout, RolloutActionBody, RolloutState, StartRolloutBody } from '@parley/contracts';
import { judge, nextStep, type Verdict } from '@parley/rollout';
import { AppError, notFound } from '../../errors/app-error.js';
import type { EventBus } from '../../events/domain-events.js';
import { iso } from '../../lib/iso.js';
import { DEFAULT_GOAL } from '../analytics/analytics-service.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores, Transact } from '../data-store.js';
import type { DeploymentActor } from '../releases/deployment-store.js';
import type { RolloutRow } from './rollout-store.js';
import { policyFromInput, Steps, StoredPolicy } from './stored-policy.js';
import { toRollout } from './to-rollout.js';

export interface RolloutServiceDeps {
  stores: Stores;
  transact: Transact;
  events: EventBus;
  now: () => Date;
}

export interface RolloutRef {
  id: string;
  orgId: string;
  botId: string;
}

const conflict = (detail: string) => new AppError('conflict', detail);

/** Canary rollouts: start, steer by hand, and the judge's decisions. */
export function createRolloutService({ stores, transact, events, now }: RolloutServiceDeps) {
  const changed = (orgId: string, botId: string, reason: string) => events.emit({ type: 'release.changed', orgId, botId, reason });

  async function semver(tx: Stores, row: RolloutRow, releaseId: string): Promise<string> {
    return (await tx.releases.find(row.orgId, row.botId, releaseId))?.semver ?? releaseId;
  }

  /** Locks the bot (serializing with publishes and experiments), then the rollout, and checks its state. */
  async function locked(tx: Stores, ctx: OrgContext, botId: string, id: string, states: RolloutState[], action: string): Promise<RolloutRow> {
    if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
    const row = await tx.rollouts.find(ctx.orgId, botId, id, true);
    if (!row) throw notFound('Rollout');
    if (!states.includes(row.state)) throw conflict(`The rollout is ${row.state.replace('_', ' ')}; it cannot be ${action}`);
    return row;
  }

  /** Next step, or (after the last) the candidate becomes the active release. Returns the event reason. */
  async function advance(tx: Stores, row: RolloutRow, actor: DeploymentActor, why: string, metrics: unknown, at: Date, extra: { lastVerdict?: unknown; judgedAt?: Date } = {}): Promise<string> {
    const candidate = await semver(tx, row, row.candidateReleaseId);
    const next = nextStep({ steps: Steps.parse(row.steps), stepIndex: row.stepIndex });
    if (next.kind === 'advance') {
      // Never shrink: a visitor once on the canary stays there.
      const percent = Math.max(row.percent, next.percent);
      await tx.rollouts.update(row.orgId, row.id, { stepIndex: next.stepIndex, percent, stepStartedAt: at, ...extra }, at);
      await tx.deployments.record({
        orgId: row.orgId,
        botId: row.botId,
        kind: 'canary_step',
        releaseId: row.candidateReleaseId,
        previousReleaseId: row.baselineReleaseId,
        actor,
        reason: `canary of ${candidate} from ${row.percent}% to ${percent}%: ${why}`,
        metrics: metrics ?? null,
        at,
      });
      return `canary of ${candidate} at ${percent}%`;
    }
    const previous = await tx.releases.activeId(row.orgId, row.botId);
    await tx.rollouts.update(row.orgId, row.id, { state: 'completed', percent: 100, ...extra }, at);
    await tx.releases.setActive(row.orgId, row.botId, row.candidateReleaseId, at);
    await tx.deployments.record({
      orgId: row.orgId,
      botId: row.botId,
      kind: 'canary_promote',
      releaseId: row.candidateReleaseId,
      previousReleaseId: previous ?? row.baselineReleaseId,
      actor,
      reason: `canary of ${candidate} completed; it is now the active release: ${why}`,
      metrics: metrics ?? null,
      at,
    });
    return `canary of ${candidate} completed`;
  }

  /** A hand-made change of state with its deployment row. */
  async function steer(
    ctx: OrgContext,
    botId: string,
    id: string,
    spec: { from: RolloutState[]; to: RolloutState; kind: 'canary_pause' | 'canary_resume' | 'canary_abort'; verb: string },
    body: RolloutActionBody,
  ): Promise<Rollout> {
    const at = now();
    const { row, reason } = await transact(async (tx) => {
      const current = await locked(tx, ctx, botId, id, spec.from, spec.verb);
      const candidate = await semver(tx, current, current.candidateReleaseId);
      const reason = body?.reason ?? `canary of ${candidate} ${spec.verb}`;
      const row = await tx.rollouts.update(ctx.orgId, id, { state: spec.to, ...(spec.to === 'running' ? { stepStartedAt: at } : {}) }, at);
      if (!row) throw notFound('Rollout');
      await tx.deployments.record({
        orgId: ctx.orgId,
        botId,
        kind: spec.kind,
        releaseId: current.candidateReleaseId,
        previousReleaseId: current.baselineReleaseId,
        actor: { kind: 'user', userId: ctx.userId },
        reason,
        at,
      });
      return { row, reason };
    });
    changed(ctx.orgId, botId, reason);
    return toRollout(row);
  }

  return {
    async list(ctx: OrgContext, botId: string): Promise<Rollout[]> {
      if (!(await stores.bots.find(ctx.orgId, botId))) throw notFound('Bot');
      return (await stores.rollouts.list(ctx.orgId, botId)).map(toRollout);
    },

    /**
     * A canary of `releaseId` against the active release. A draft candidate is published
     * (not made active) as part of starting; an archived one must be copied first.
     */
    async start(ctx: OrgContext, botId: string, body: StartRolloutBody): Promise<Rollout> {
      const policy = policyFromInput(body.policy);
      const first = policy.steps[0] ?? 100;
      const at = now();
      const { row, reason } = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ctx.orgId, botId))) throw notFound('Bot');
        const candidate = await tx.releases.find(ctx.orgId, botId, body.releaseId);
        if (!candidate) throw notFound('Release');
        if (candidate.status === 'archived') throw conflict(`Release ${candidate.semver} is archived; copy it into a new draft first`);
        const baseline = await tx.releases.activeId(ctx.orgId, botId);
        if (!baseline) throw conflict('Nothing is active yet: publish a release before starting a canary of another');
        if (baseline === candidate.id) throw conflict(`Release ${candidate.semver} is already the active release`);
        if (await tx.rollouts.findLive(ctx.orgId, botId)) throw conflict('This bot already has a live rollout; let it finish or abort it first');
        if (await tx.experiments.findRunning(ctx.orgId, botId)) throw conflict('This bot has a running experiment; stop it before starting a canary');
        if (candidate.status === 'draft') await tx.releases.markPublished(ctx.orgId, candidate.id, ctx.userId, at);
        const row = await tx.rollouts.create(ctx.orgId, botId, {
          candidateReleaseId: candidate.id,
          baselineReleaseId: baseline,
          salt: randomBytes(16).toString('hex'),
          steps: [...policy.steps],
          stepIndex: 0,
          percent: first,
          policy,
          state: 'running',
          stepStartedAt: at,
          createdBy: ctx.userId,
        });
        if (!row) throw conflict('This bot already has a live rollout; let it finish or abort it first');
        const reason = body.reason ?? `canary of ${candidate.semver} started at ${first}%`;
        await tx.deployments.record({
          orgId: ctx.orgId,
          botId,
          kind: 'canary_start',
          releaseId: candidate.id,
          previousReleaseId: baseline,
          actor: { kind: 'user', userId: ctx.userId },
          reason,
          metrics: { policy },
          at,
        });
        return { row, reason };
      });
      changed(ctx.orgId, botId, reason);
      return toRollout(row);
    },

    pause: (ctx: OrgContext, botId: string, id: string, body: RolloutActionBody) =>
      steer(ctx, botId, id, { from: ['running'], to: 'paused', kind: 'canary_pause', verb: 'paused' }, body),
    resume: (ctx: OrgContext, botId: string, id: string, body: RolloutActionBody) =>
      steer(ctx, botId, id, { from: ['paused'], to: 'running', kind: 'canary_resume', verb: 'resumed' }, body),
    abort: (ctx: OrgContext, botId: string, id: string, body: RolloutActionBody) =>
      steer(ctx, botId, id, { from: ['running', 'paused'], to: 'aborted', kind: 'canary_abort', verb: 'aborted' }, body),

    /** By hand: the next step now (after the last one, the candidate becomes active). */
    async promote(ctx: OrgContext, botId: string, id: string, body: RolloutActionBody): Promise<Rollout> {
      const at = now();
      const reason = await transact(async (tx) => {
        const row = await locked(tx, ctx, botId, id, ['running', 'paused'], 'promoted');
        return advance(tx, row, { kind: 'user', userId: ctx.userId }, body?.reason ?? 'promoted by hand', null, at);
      });
      changed(ctx.orgId, botId, reason);
      const row = await stores.rollouts.find(ctx.orgId, botId, id);
      if (!row) throw notFound('Rollout');
      return toRollout(row);
    },

    /** The judge's work list: every running rollout. */
    running: (): Promise<RolloutRef[]> => stores.rollouts.listRunning(),

    /**
     * Judges one running rollout at `at`: canary (candidate) against stable (baseline) over
     * the same window, since the step started. Stores the verdict and acts on it.
     */
    async judge(ref: RolloutRef, at: Date): Promise<Verdict | null> {
      const outcome = await transact(async (tx) => {
        if (!(await tx.releases.lockBot(ref.orgId, ref.botId))) return null;
        const row = await tx.rollouts.find(ref.orgId, ref.botId, ref.id, true);
        if (!row || row.state !== 'running') return null;
        const policy = StoredPolicy.parse(row.policy);
        const arm = (releaseId: string) => tx.analytics.armMetrics(row.orgId, row.botId, releaseId, row.stepStartedAt, at, DEFAULT_GOAL);
        const canary = await arm(row.candidateReleaseId);
        const stable = await arm(row.baselineReleaseId);
        const decision = judge({ policy, stepStartedAt: row.stepStartedAt.getTime(), now: at.getTime(), canary, stable });
        const lastVerdict = { verdict: decision.verdict, reasons: decision.reasons, at: iso(at), step: row.stepIndex, percent: row.percent, snapshot: decision.snapshot };
        const metrics = { rolloutId: row.id, candidateReleaseId: row.candidateReleaseId, baselineReleaseId: row.baselineReleaseId, ...lastVerdict };
        const why = decision.reasons.join('; ');
        if (decision.verdict === 'hold') {
          await tx.rollouts.update(row.orgId, row.id, { lastVerdict, judgedAt: at }, at);
          return { verdict: decision.verdict, reason: null };
        }
        if (decision.verdict === 'promote') {
          const reason = await advance(tx, row, { kind: 'judge' }, why, metrics, at, { lastVerdict, judgedAt: at });
          return { verdict: decision.verdict, reason };
        }
        const [candidate, baseline] = [await semver(tx, row, row.candidateReleaseId), await semver(tx, row, row.baselineReleaseId)];
        await tx.rollouts.update(row.orgId, row.id, { state: 'rolled_back', lastVerdict, judgedAt: at }, at);
        // previousReleaseId stays empty: a later one-click rollback must not pick the failed canary as its target.
        await tx.deployments.record({
          orgId: row.orgId,
          botId: row.botId,
          kind: 'rollback',
          releaseId: row.baselineReleaseId,
          previousReleaseId: null,
          actor: { kind: 'judge' },
          reason: `automatic rollback of the canary of ${candidate} (at ${row.percent}%) to ${baseline}: ${why}`,
          metrics,
          at,
        });
        return { verdict: decision.verdict, reason: `canary of ${candidate} rolled back` };
      });
      if (outcome?.reason) changed(ref.orgId, ref.botId, outcome.reason);
      return outcome?.verdict ?? null;
    },
  };
}
export type RolloutService = ReturnType<typeof createRolloutService>;
