/**
 * How far behind the oldest unfinished follow-up (or the present) this process's checkpoint stays: a
 * message's time is taken a moment after its follow-up is held, and the wall clock may step back.
 * Re-running a few seconds of finished follow-ups after a crash costs little; they are idempotent.
 */
export const CLOCK_SLACK_MS = 5_000;

/**
 * This process's follow-ups under way: work owed to messages it stored (the bot's answer, webhooks).
 * `doneBefore` is the time before which every message's follow-ups are done, which the checkpoint
 * records; `idle` waits for the work under way to finish (graceful shutdown).
 */
export function createFollowUpLedger(now: () => Date) {
  const held = new Map<symbol, number>();
  let waiters: Array<() => void> = [];

  return {
    /** A follow-up of a message stored at `at` (or later) is under way; call the result when it is done. */
    hold(at: Date): () => void {
      const token = Symbol('follow-up');
      held.set(token, at.getTime());
      return () => {
        if (!held.delete(token) || held.size > 0) return;
        const wake = waiters;
        waiters = [];
        for (const w of wake) w();
      };
    },

    doneBefore(): Date {
      let oldest = now().getTime();
      for (const at of held.values()) oldest = Math.min(oldest, at);
      return new Date(oldest - CLOCK_SLACK_MS);
    },

    get size(): number {
      return held.size;
    },

    /** Resolves true when nothing is under way any more, false when `timeoutMs` passed first. */
    idle(timeoutMs: number): Promise<boolean> {
      if (held.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(done);
      });
    },
  };
}
export type FollowUpLedger = ReturnType<typeof createFollowUpLedger>;
