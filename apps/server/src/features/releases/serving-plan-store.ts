import { and, eq, inArray } from 'drizzle-orm';
import { activeReleases, experiments, rollouts, widgetReleases, type Database } from '@parley/db';
import { z } from 'zod';

export interface ServedRelease {
  id: string;
  semver: string;
  config: unknown;
}

/** Everything resolve needs to answer any visitor of one bot. */
export interface ServingPlan {
  active: ServedRelease | null;
  rollout: { id: string; salt: string; percent: number; candidate: ServedRelease } | null;
  experiment: { id: string; salt: string; arms: { release: ServedRelease; weight: number }[] } | null;
}

const Arms = z.array(z.object({ releaseId: z.uuid(), weight: z.number().min(0) }));
const served = { id: widgetReleases.id, semver: widgetReleases.semver, config: widgetReleases.config };

/** Reads a bot's serving plan: active release, running canary and running experiment, with configs. */
export function createServingPlanStore(db: Database) {
  return {
    async load(orgId: string, botId: string): Promise<ServingPlan> {
      const [active] = await db
        .select(served)
        .from(activeReleases)
        .innerJoin(widgetReleases, eq(widgetReleases.id, activeReleases.releaseId))
        .where(and(eq(activeReleases.orgId, orgId), eq(activeReleases.botId, botId)));
      const [rollout] = await db
        .select({ id: rollouts.id, salt: rollouts.salt, percent: rollouts.percent, candidate: served })
        .from(rollouts)
        .innerJoin(widgetReleases, eq(widgetReleases.id, rollouts.candidateReleaseId))
        .where(and(eq(rollouts.orgId, orgId), eq(rollouts.botId, botId), eq(rollouts.state, 'running')));
      const [experiment] = await db
        .select({ id: experiments.id, salt: experiments.salt, arms: experiments.arms })
        .from(experiments)
        .where(and(eq(experiments.orgId, orgId), eq(experiments.botId, botId), eq(experiments.state, 'running')));
      let plannedExperiment: ServingPlan['experiment'] = null;
      const arms = experiment ? Arms.safeParse(experiment.arms) : undefined;
      if (experiment && arms?.success && arms.data.length > 0) {
        const ids = arms.data.map((a) => a.releaseId);
        const releases = await db
          .select(served)
          .from(widgetReleases)
          .where(and(eq(widgetReleases.orgId, orgId), eq(widgetReleases.botId, botId), inArray(widgetReleases.id, ids)));
        const byId = new Map(releases.map((r) => [r.id, r]));
        const resolved = arms.data.flatMap((a) => {
          const release = byId.get(a.releaseId);
          return release ? [{ release, weight: a.weight }] : [];
        });
        if (resolved.some((a) => a.weight > 0)) plannedExperiment = { id: experiment.id, salt: experiment.salt, arms: resolved };
      }
      return {
        active: active ?? null,
        rollout: rollout ? { ...rollout, percent: Math.min(100, Math.max(0, rollout.percent)) } : null,
        experiment: plannedExperiment,
      };
    },
  };
}
export type ServingPlanStore = ReturnType<typeof createServingPlanStore>;
