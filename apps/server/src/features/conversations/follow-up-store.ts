import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { followUpCheckpoints, messages, users, type Database } from '@parley/db';
import type { MessageRow } from './conversation-store.js';
import { inSubqueryOnce } from '../../lib/in-subquery-once.js';

export type FollowUpCheckpointRow = typeof followUpCheckpoints.$inferSelect;

/** Where a recovery pass goes on from: the last message it handled (time, then id). */
export interface NodeMessageCursor {
  at: Date;
  id: string;
}

/**
 * Checkpoints of server processes and the messages they stored (see follow_up_checkpoints). Like the
 * delivery worker, this is not scoped to an organization: a process serves them all, and so does the
 * one that takes over its unfinished follow-ups. Heartbeats use the database's clock, so processes
 * whose clocks differ agree on which one is dead.
 */
export function createFollowUpStore(db: Database) {
  return {
    /**
     * Writes this process's checkpoint. A process taken for dead by mistake takes it back: the claim is
     * cleared (the taker stops), or the row is written again if the taker had finished and deleted it.
     */
    async beat(nodeId: string, doneBefore: Date, startedAt: Date): Promise<void> {
      await db
        .insert(followUpCheckpoints)
        .values({ nodeId, doneBefore, heartbeatAt: sql`now()`, startedAt })
        .onConflictDoUpdate({ target: followUpCheckpoints.nodeId, set: { doneBefore, heartbeatAt: sql`now()`, claimedBy: null } });
    },

    /**
     * Takes over the checkpoint of one process that has not beaten for `deadAfterMs` (the one silent
     * longest), renewing its heartbeat in our name: until we stop renewing it, no other process takes it.
     * Rows another process is claiming right now are skipped, not waited for.
     */
    async claimDead(self: string, deadAfterMs: number): Promise<FollowUpCheckpointRow | undefined> {
      const dead = db
        .select({ nodeId: followUpCheckpoints.nodeId })
        .from(followUpCheckpoints)
        .where(
          and(
            ne(followUpCheckpoints.nodeId, self),
            lt(followUpCheckpoints.heartbeatAt, sql`now() - make_interval(secs => ${deadAfterMs / 1000})`),
          ),
        )
        .orderBy(asc(followUpCheckpoints.heartbeatAt))
        .limit(1)
        .for('update', { skipLocked: true });
      const [row] = await db
        .update(followUpCheckpoints)
        .set({ heartbeatAt: sql`now()`, claimedBy: self })
        .where(inSubqueryOnce(followUpCheckpoints.nodeId, dead))
        .returning();
      return row;
    },

    /** A claimed checkpoint moves on and stays claimed; false when it is no longer ours (its owner beat again). */
    async advance(nodeId: string, claimer: string, doneBefore: Date): Promise<boolean> {
      const rows = await db
        .update(followUpCheckpoints)
        .set({ doneBefore, heartbeatAt: sql`now()` })
        .where(and(eq(followUpCheckpoints.nodeId, nodeId), eq(followUpCheckpoints.claimedBy, claimer)))
        .returning({ nodeId: followUpCheckpoints.nodeId });
      return rows.length > 0;
    },

    /** Deletes a checkpoint: our own at shutdown (`claimer` absent), or one we claimed and finished (if still ours). */
    async remove(nodeId: string, claimer?: string): Promise<void> {
      await db
        .delete(followUpCheckpoints)
        .where(and(eq(followUpCheckpoints.nodeId, nodeId), claimer === undefined ? undefined : eq(followUpCheckpoints.claimedBy, claimer)));
    },

    /** Messages the process stored from `from` on (inclusive), or after `cursor`, oldest first. */
    async messagesOf(nodeId: string, from: Date, cursor: NodeMessageCursor | undefined, limit: number): Promise<MessageRow[]> {
      const rows = await db
        .select({ message: messages, authorName: users.name })
        .from(messages)
        .leftJoin(users, eq(users.id, messages.authorUserId))
        .where(
          and(
            eq(messages.nodeId, nodeId),
            cursor
              ? sql`(${messages.createdAt}, ${messages.id}) > (${cursor.at}, ${cursor.id}::uuid)`
              : sql`${messages.createdAt} >= ${from}`,
          ),
        )
        .orderBy(asc(messages.createdAt), asc(messages.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.message, authorName: r.authorName }));
    },
  };
}
export type FollowUpStore = ReturnType<typeof createFollowUpStore>;
