import { ExperimentGoal } from '@parley/contracts';
import { z } from 'zod';
import type { AnalyticsStore, VisitorGoal } from '../analytics/analytics-store.js';
import type { ArmCount, ExperimentRow } from './experiment-store.js';

const Arms = z.array(z.object({ releaseId: z.uuid(), weight: z.number() }));
const ArmCounts = z.array(z.object({ releaseId: z.uuid(), visitors: z.number().int().min(0), conversions: z.number().int().min(0) }));

/** An experiment row's arms (none when the stored JSON is not arms). */
export const armsOf = (row: Pick<ExperimentRow, 'arms'>) => Arms.catch([]).parse(row.arms);
/** An experiment row's goal (the open rate when the stored JSON is not a goal). */
export const goalOf = (row: Pick<ExperimentRow, 'goal'>): ExperimentGoal => ExperimentGoal.catch({ kind: 'open_rate' }).parse(row.goal);
/** The per-arm counts kept when the experiment stopped; undefined for a running one, or one stopped before they were kept. */
export function keptArmCounts(row: Pick<ExperimentRow, 'stoppedAt' | 'armCounts'>): ArmCount[] | undefined {
  if (!row.stoppedAt) return undefined;
  const kept = ArmCounts.safeParse(row.armCounts);
  return kept.success ? kept.data : undefined;
}

function visitorGoal(goal: ExperimentGoal): VisitorGoal {
  if (goal.kind === 'event') return { type: 'track', name: goal.event };
  return { type: goal.kind === 'open_rate' ? 'opened' : 'message_sent' };
}

/** Per arm: distinct visitors who saw it from the experiment's start until `to`, and how many of them reached the goal there. */
export async function countArms(analytics: Pick<AnalyticsStore, 'armVisitors'>, row: ExperimentRow, to: Date): Promise<ArmCount[]> {
  const goal = visitorGoal(goalOf(row));
  const counts: ArmCount[] = [];
  for (const arm of armsOf(row)) {
    const c = await analytics.armVisitors(row.orgId, row.botId, arm.releaseId, row.startedAt, to, goal);
    counts.push({ releaseId: arm.releaseId, visitors: c.visitors, conversions: c.conversions });
  }
  return counts;
}
