import { z } from 'zod';
import {
  Deployment,
  Experiment,
  ExperimentResults,
  PreviewLink,
  Release,
  ReleaseList,
  ReleaseStats,
  Rollout,
} from '@parley/contracts';
import type {
  CreateReleaseBody,
  RollbackBody,
  StartExperimentBody,
  StartRolloutBody,
  UpdateReleaseBody,
} from '@parley/contracts';
import type { RequestContext } from './request';
import { requestEmpty, requestJson } from './request';

/** A list answered either as a bare array or wrapped in `{ [key]: [...] }`: both are accepted. */
function listOf<T>(item: z.ZodType<T>, key: string) {
  return z.union([z.array(item), z.object({ [key]: z.array(item) }).transform((o) => z.array(item).parse(o[key]))]);
}

const Deployments = listOf(Deployment, 'deployments');
const Rollouts = listOf(Rollout, 'rollouts');
const Experiments = listOf(Experiment, 'experiments');

const seg = encodeURIComponent;

/** Bodies the contract gives as zod inputs (defaults optional here). */
export type CreateDraftBody = Partial<CreateReleaseBody>;
export type RolloutStartBody = Omit<StartRolloutBody, 'policy'> & { policy?: StartRolloutBody['policy'] };

export type RolloutAction = 'pause' | 'resume' | 'abort' | 'promote';

/**
 * The releases API (Issue 4, see packages/contracts/src/releases.ts). Actions whose answer the page
 * does not need (publish, rollback, rollout steering, stop) are followed by a reload of the lists.
 */
export function createReleasesApi(org: RequestContext) {
  const bot = (botId: string) => `/api/v1/bots/${seg(botId)}`;
  return {
    listReleases: (botId: string, signal?: AbortSignal) =>
      requestJson(ReleaseList, { ...org, path: `${bot(botId)}/releases`, signal }),
    getRelease: (botId: string, id: string, signal?: AbortSignal) =>
      requestJson(Release, { ...org, path: `${bot(botId)}/releases/${seg(id)}`, signal }),
    createRelease: (botId: string, body: CreateDraftBody) =>
      requestJson(Release, { ...org, method: 'POST', path: `${bot(botId)}/releases`, body }),
    copyRelease: (botId: string, id: string) =>
      requestJson(Release, { ...org, method: 'POST', path: `${bot(botId)}/releases/${seg(id)}/copy`, body: {} }),
    updateRelease: (botId: string, id: string, body: UpdateReleaseBody) =>
      requestJson(Release, { ...org, method: 'PATCH', path: `${bot(botId)}/releases/${seg(id)}`, body }),
    deleteRelease: (botId: string, id: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `${bot(botId)}/releases/${seg(id)}` }),
    publishRelease: (botId: string, id: string, reason?: string) =>
      requestEmpty({
        ...org,
        method: 'POST',
        path: `${bot(botId)}/releases/${seg(id)}/publish`,
        body: reason ? { reason } : {},
      }),
    previewRelease: (botId: string, id: string) =>
      requestJson(PreviewLink, { ...org, method: 'POST', path: `${bot(botId)}/releases/${seg(id)}/preview`, body: {} }),
    rollback: (botId: string, body: RollbackBody) =>
      requestEmpty({ ...org, method: 'POST', path: `${bot(botId)}/rollback`, body }),

    listDeployments: (botId: string, signal?: AbortSignal) =>
      requestJson(Deployments, { ...org, path: `${bot(botId)}/deployments`, signal }),

    listRollouts: (botId: string, signal?: AbortSignal) =>
      requestJson(Rollouts, { ...org, path: `${bot(botId)}/rollouts`, signal }),
    startRollout: (botId: string, body: RolloutStartBody) =>
      requestEmpty({ ...org, method: 'POST', path: `${bot(botId)}/rollouts`, body }),
    steerRollout: (botId: string, id: string, action: RolloutAction) =>
      requestEmpty({ ...org, method: 'POST', path: `${bot(botId)}/rollouts/${seg(id)}/${action}`, body: {} }),

    listExperiments: (botId: string, signal?: AbortSignal) =>
      requestJson(Experiments, { ...org, path: `${bot(botId)}/experiments`, signal }),
    startExperiment: (botId: string, body: StartExperimentBody) =>
      requestEmpty({ ...org, method: 'POST', path: `${bot(botId)}/experiments`, body }),
    experimentResults: (botId: string, id: string, signal?: AbortSignal) =>
      requestJson(ExperimentResults, { ...org, path: `${bot(botId)}/experiments/${seg(id)}/results`, signal }),
    stopExperiment: (botId: string, id: string, winnerReleaseId: string | undefined, reason?: string) =>
      requestEmpty({
        ...org,
        method: 'POST',
        path: `${bot(botId)}/experiments/${seg(id)}/stop`,
        body: { ...(winnerReleaseId ? { winnerReleaseId } : {}), ...(reason ? { reason } : {}) },
      }),

    releaseStats: (botId: string, range: { from?: string; to?: string }, signal?: AbortSignal) => {
      const query = new URLSearchParams();
      if (range.from) query.set('from', range.from);
      if (range.to) query.set('to', range.to);
      const qs = query.toString();
      return requestJson(ReleaseStats, { ...org, path: `${bot(botId)}/release-stats${qs ? `?${qs}` : ''}`, signal });
    },
  };
}
