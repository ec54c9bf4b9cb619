import { describe, expect, it } from 'vitest';
import type { MessageRow } from './conversation-store.js';
import { createFollowUpLedger } from './follow-up-ledger.js';
import { createFollowUpRecovery, type FollowUpRecoveryDeps } from './follow-up-recovery.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const silent = { warn: () => undefined, error: () => undefined };

function message(id: string, at: Date): MessageRow {
  return {
    id,
    orgId: 'org',
    conversationId: 'c',
    seq: 1,
    clientId: null,
    author: 'visitor',
    authorUserId: null,
    body: 'hi',
    payload: null,
    rich: null,
    internal: false,
    answeredBy: null,
    confidence: null,
    trace: null,
    latencyMs: null,
    createdAt: at,
    nodeId: 'dead',
    authorName: null,
  };
}

/** A store holding one dead process's checkpoint with `messages`, recording what happens; `ownerBack`: its owner beat again. */
function fakeStore(messages: MessageRow[], ownerBack = false) {
  const removed: string[] = [];
  const advanced: Date[] = [];
  const log = { beats: 0, removed, advanced, claims: 0 };
  let deadClaimable = true;
  const store: FollowUpRecoveryDeps['store'] = {
    beat: async () => {
      log.beats++;
    },
    claimDead: async () => {
      if (!deadClaimable) return undefined;
      deadClaimable = false;
      log.claims++;
      return { nodeId: 'dead', doneBefore: new Date(0), heartbeatAt: new Date(0), startedAt: new Date(0), claimedBy: 'self' };
    },
    advance: async (_node, _claimer, at) => {
      log.advanced.push(at);
      return !ownerBack;
    },
    remove: async (node) => {
      log.removed.push(node);
    },
    messagesOf: async (_node, _from, cursor) => (cursor ? messages.filter((m) => m.createdAt.getTime() > cursor.at.getTime()) : messages),
  };
  return { store, log };
}

/** Recovery as process `self`, beating every 10 ms; a process silent for 30 ms is dead. */
function recoveryOf(store: FollowUpRecoveryDeps['store'], options: Partial<FollowUpRecoveryDeps> = {}) {
  return createFollowUpRecovery({
    store,
    ledger: createFollowUpLedger(() => new Date()),
    nodeId: 'self',
    heartbeatMs: 10,
    deadAfterMs: 30,
    recover: async () => undefined,
    now: () => new Date(),
    log: silent,
    ...options,
  });
}

describe('follow-up recovery', () => {
  it('keeps beating while it re-runs a dead process’s follow-ups, then deletes that checkpoint', async () => {
    const { store, log } = fakeStore([message('m1', new Date(1_000)), message('m2', new Date(2_000))]);
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const recovered: string[] = [];
    const recovery = recoveryOf(store, {
      recover: async (m) => {
        recovered.push(m.id);
        await slow;
      },
    });
    await recovery.start();
    await sleep(100);
    // The take-over is stuck on an answer; the heartbeat is not.
    expect(log.beats).toBeGreaterThanOrEqual(4);
    expect(log.claims).toBe(1);
    expect(recovered).toEqual(['m1', 'm2']);
    expect(log.removed).toEqual([]);
    finish();
    await sleep(50);
    expect(log.advanced).toEqual([new Date(2_000)]);
    expect(log.removed).toEqual(['dead']);
    await recovery.close();
    expect(log.removed).toEqual(['dead', 'self']);
  });

  it('stops re-running a process that beats again (it was alive), and leaves it its checkpoint', async () => {
    const many = Array.from({ length: 20 }, (_, i) => message(`m${i}`, new Date(1_000 + i)));
    const { store, log } = fakeStore(many, true);
    const recovered: string[] = [];
    const recovery = recoveryOf(store, {
      recover: async (m) => {
        recovered.push(m.id);
      },
    });
    await recovery.start();
    await sleep(50);
    await recovery.close();
    // One slice of 8, then the claim was found gone.
    expect(recovered).toHaveLength(8);
    expect(log.removed).toEqual(['self']);
  });

  it('releases what the dead process held before re-running its messages, and goes on if that fails', async () => {
    for (const failing of [false, true]) {
      const { store, log } = fakeStore([message('m1', new Date(1_000))]);
      const steps: string[] = [];
      const errors: string[] = [];
      const recovery = recoveryOf(store, {
        release: async (node) => {
          steps.push(`release ${node}`);
          if (failing) throw new Error('database gone');
        },
        recover: async (m) => {
          steps.push(`recover ${m.id}`);
        },
        log: { warn: () => undefined, error: (...args: unknown[]) => void errors.push(String(args[1])) },
      });
      await recovery.start();
      await sleep(50);
      await recovery.close();
      expect(steps).toEqual(['release dead', 'recover m1']);
      expect(log.removed).toEqual(['dead', 'self']);
      expect(errors).toEqual(failing ? ['releasing what a stopped process held failed'] : []);
    }
  });

  it('keeps its checkpoint at shutdown when follow-ups are still under way', async () => {
    const { store, log } = fakeStore([]);
    const ledger = createFollowUpLedger(() => new Date(50_000));
    const recovery = recoveryOf(store, { ledger, shutdownWaitMs: 30 });
    await recovery.start();
    ledger.hold(new Date(40_000));
    const beats = log.beats;
    await recovery.close();
    // One last beat (recording where the unfinished follow-ups began), and its checkpoint stays.
    expect(log.beats).toBe(beats + 1);
    expect(log.removed).not.toContain('self');
  });
});
