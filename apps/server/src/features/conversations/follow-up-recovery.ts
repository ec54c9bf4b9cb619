import type { FastifyBaseLogger } from 'fastify';
import type { FollowUpLedger } from './follow-up-ledger.js';
import type { MessageRow } from './conversation-store.js';
import type { FollowUpStore, NodeMessageCursor } from './follow-up-store.js';

/** Messages read per page, and re-run at once, while taking over a dead process's follow-ups. */
const PAGE = 64;
const CONCURRENCY = 8;
/** How long a graceful shutdown waits for follow-ups under way before leaving them to another process. */
export const SHUTDOWN_WAIT_MS = 10_000;

export interface FollowUpRecoveryDeps {
  store: Pick<FollowUpStore, 'beat' | 'claimDead' | 'advance' | 'remove' | 'messagesOf'>;
  ledger: FollowUpLedger;
  /** This process (stamped on every message it stores). */
  nodeId: string;
  heartbeatMs: number;
  /** A process whose heartbeat is older than this is dead (several heartbeats, so a slow one is not). */
  deadAfterMs: number;
  /** Re-runs one message's follow-ups. Must be idempotent: the process may have done some or all of them. */
  recover: (message: MessageRow) => Promise<void>;
  /** Before its messages are re-run: frees what the dead process still held (its webhook delivery claims). */
  release?: (deadNodeId: string) => Promise<void>;
  now: () => Date;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  shutdownWaitMs?: number;
}

/**
 * No follow-up is lost to a crash. Every process keeps a checkpoint (heartbeat, and the time before
 * which its messages' follow-ups are done) and, after each beat, looks for a process that stopped
 * beating: it takes that checkpoint over and re-runs the follow-ups of the dead process's messages from
 * there, page by page (moving the checkpoint on, so a taker that dies too is itself taken over), then
 * deletes it. A graceful shutdown waits for its own follow-ups and deletes its checkpoint.
 */
export function createFollowUpRecovery(deps: FollowUpRecoveryDeps) {
  const { store, ledger, nodeId, log } = deps;
  const startedAt = deps.now();
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let sweeping: Promise<void> | undefined;
  let stopping = false;

  async function takeOver(dead: { nodeId: string; doneBefore: Date }): Promise<number> {
    let cursor: NodeMessageCursor | undefined;
    let count = 0;
    for (;;) {
      const page = await store.messagesOf(dead.nodeId, dead.doneBefore, cursor, PAGE);
      if (page.length === 0) break;
      for (let i = 0; i < page.length; i += CONCURRENCY) {
        if (stopping) return count; // our claim lapses; another process goes on from the checkpoint
        const slice = page.slice(i, i + CONCURRENCY);
        await Promise.all(
          slice.map((m) =>
            deps.recover(m).catch((err: unknown) => log.error({ err, messageId: m.id, node: dead.nodeId }, 'follow-up of a stopped process failed')),
          ),
        );
        const last = slice[slice.length - 1];
        if (!last) continue;
        cursor = { at: last.createdAt, id: last.id };
        count += slice.length;
        // Ties at this time are re-run by whoever goes on from here: harmless, as follow-ups are idempotent.
        // Not ours any more: the process was alive after all (it beat again) and finishes its own.
        if (!(await store.advance(dead.nodeId, nodeId, last.createdAt))) return count;
      }
    }
    await store.remove(dead.nodeId, nodeId);
    return count;
  }

  /** Takes over dead processes' checkpoints, one after another, until none is left. */
  async function takeOverDead(): Promise<void> {
    for (;;) {
      if (stopping) return;
      const dead = await store.claimDead(nodeId, deps.deadAfterMs);
      if (!dead) return;
      // Not fatal: what it held is freed anyway when its claims expire.
      await deps.release?.(dead.nodeId).catch((err: unknown) => log.error({ err, node: dead.nodeId }, 'releasing what a stopped process held failed'));
      const count = await takeOver(dead);
      log.warn({ node: dead.nodeId, messages: count, since: dead.doneBefore.toISOString() }, 'took over the follow-ups of a server process that stopped');
    }
  }

  const beat = () => store.beat(nodeId, ledger.doneBefore(), startedAt);

  /** A take-over pass in the background, unless one is still running (it may take long: it answers visitors). */
  function sweep(): void {
    if (sweeping || stopping) return;
    sweeping = takeOverDead()
      .catch((err: unknown) => log.error({ err }, 'taking over follow-ups failed'))
      .finally(() => {
        sweeping = undefined;
      });
  }

  // The heartbeat never waits for a take-over: a process busy re-running another's follow-ups is alive.
  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      beating = beat()
        .then(sweep, (err: unknown) => log.error({ err }, 'follow-up checkpoint failed'))
        .finally(() => {
          beating = undefined;
          schedule();
        });
    }, deps.heartbeatMs);
    timer.unref();
  }

  return {
    /** Writes the first checkpoint (before any message is stored in this process's name) and starts beating. */
    async start(): Promise<void> {
      await beat();
      sweep();
      schedule();
    },

    /**
     * Stops beating and waits (bounded) for this process's follow-ups. All done: the checkpoint goes.
     * Some still under way: the checkpoint stays where they began, and another process (or this one
     * started again) re-runs them once it counts this one as dead.
     */
    async close(): Promise<void> {
      stopping = true;
      clearTimeout(timer);
      // A take-over stops after its current few messages (its claim lapses; another process goes on).
      await Promise.all([beating, sweeping]);
      const idle = await ledger.idle(deps.shutdownWaitMs ?? SHUTDOWN_WAIT_MS);
      try {
        if (idle) await store.remove(nodeId);
        else {
          await store.beat(nodeId, ledger.doneBefore(), startedAt);
          log.warn({ node: nodeId, underWay: ledger.size }, 'stopping with follow-ups under way: another process will re-run them');
        }
      } catch (err) {
        log.error({ err }, 'follow-up checkpoint could not be written at shutdown');
      }
    },
  };
}
export type FollowUpRecovery = ReturnType<typeof createFollowUpRecovery>;
