import type { Rollout } from '@parley/contracts';
import { z } from 'zod';
import { iso } from '../../lib/iso.js';
import type { RolloutRow } from './rollout-store.js';
import { Steps } from './stored-policy.js';

const PolicyRecord = z.record(z.string(), z.unknown()).catch({});

export function toRollout(row: RolloutRow): Rollout {
  return {
    id: row.id,
    botId: row.botId,
    candidateReleaseId: row.candidateReleaseId,
    baselineReleaseId: row.baselineReleaseId,
    steps: Steps.catch([]).parse(row.steps),
    stepIndex: row.stepIndex,
    percent: row.percent,
    policy: PolicyRecord.parse(row.policy),
    state: row.state,
    stepStartedAt: iso(row.stepStartedAt),
    lastVerdict: row.lastVerdict ?? null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
