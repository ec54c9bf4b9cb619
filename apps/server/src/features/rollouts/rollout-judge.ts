import type { Verdict } from '@parley/rollout';
import { createPeriodicTask } from '../../lib/periodic-task.js';
import { newLeaseHolder, type JobLeaseStore } from './job-lease-store.js';
import type { RolloutService } from './rollout-service.js';

export interface JudgeRun {
  /** False when another node holds the judge's lease. */
  ran: boolean;
  verdicts: { rolloutId: string; verdict: Verdict }[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs the canary judge once at `now` (tests drive it without waiting for the timer). */
    runJudgeOnce(now?: Date): Promise<JudgeRun>;
  }
}

export interface RolloutJudgeDeps {
  leases: JobLeaseStore;
  rollouts: Pick<RolloutService, 'running' | 'judge'>;
  intervalMs: number;
  now: () => Date;
  log: { error(obj: object, msg: string): void };
}

const LEASE = 'rollout-judge';

/** The periodic canary judge: one node at a time (a lease row), every running rollout per run. */
export function createRolloutJudge({ leases, rollouts, intervalMs, now, log }: RolloutJudgeDeps) {
  const holder = newLeaseHolder();

  async function runOnce(at: Date = now()): Promise<JudgeRun> {
    // Held for two intervals: if this node dies, another takes over soon after.
    const until = new Date(at.getTime() + Math.max(2 * intervalMs, 10_000));
    if (!(await leases.acquire(LEASE, holder, at, until))) return { ran: false, verdicts: [] };
    const verdicts: JudgeRun['verdicts'] = [];
    for (const ref of await rollouts.running()) {
      try {
        const verdict = await rollouts.judge(ref, at);
        if (verdict) verdicts.push({ rolloutId: ref.id, verdict });
      } catch (err) {
        log.error({ err, rolloutId: ref.id }, 'canary judge failed for a rollout');
      }
    }
    return { ran: true, verdicts };
  }

  const task = createPeriodicTask(runOnce, { intervalMs, onError: (err) => log.error({ err }, 'canary judge run failed') });
  return { runOnce, start: task.start, stop: task.stop };
}
export type RolloutJudge = ReturnType<typeof createRolloutJudge>;
