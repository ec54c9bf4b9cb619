import { and, asc, desc, eq, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { botAssistantSettings, webhookAttempts, webhookDeliveries, webhookEndpoints, type Database } from '@parley/db';
import { inSubqueryOnce } from '../../lib/in-subquery-once.js';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
export type DeliveryStatus = WebhookDeliveryRow['status'];
export interface NewWebhookDelivery {
  id: string;
  orgId: string;
  botId: string | null;
  endpointId: string | null;
  conversationId: string | null;
  kind: WebhookDeliveryRow['kind'];
  event: string;
  url: string;
  payload: unknown;
  maxAttempts: number;
  nextAttemptAt: Date;
  /** What the delivery is of (see webhook_deliveries.dedupe_key); a row with a stored key is not added again. */
  dedupeKey?: string | null;
}

/** What one attempt did, and the state the delivery moves to. */
export interface AttemptOutcome {
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  url: string;
  status: DeliveryStatus;
  nextAttemptAt: Date;
}

/** Where and with which secret a claimed delivery is sent, read when it is sent (rotation applies at once). */
export interface DeliveryTarget {
  url: string;
  secret: string;
  enabled: boolean;
}

export function createWebhookDeliveryStore(db: Database) {
  return {
    /** Adds the deliveries whose dedupe key is not stored yet; returns the ids added. */
    async insert(rows: NewWebhookDelivery[]): Promise<string[]> {
      if (rows.length === 0) return [];
      const added = await db
        .insert(webhookDeliveries)
        .values(rows)
        .onConflictDoNothing({ target: webhookDeliveries.dedupeKey })
        .returning({ id: webhookDeliveries.id });
      return added.map((r) => r.id);
    },

    /**
     * Claims up to `limit` due pending deliveries of any organization for this worker's process
     * (`lockedBy`) until `lockedUntil`; rows another worker holds are skipped, not waited for (several
     * nodes may run workers). A worker that dies leaves its claim until `releaseClaimsOf` (the process
     * taking over its follow-ups) or the claim's expiry, then another takes the delivery.
     * The delivery worker is the one caller that is not scoped to an organization: it serves them all.
     */
    async claim(now: Date, lockedUntil: Date, limit: number, lockedBy: string): Promise<WebhookDeliveryRow[]> {
      const claimable = and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      );
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(claimable)
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      // Checked again on the row being updated: a claim another worker just made is never taken over.
      return db
        .update(webhookDeliveries)
        .set({ lockedUntil, lockedBy })
        .where(and(inSubqueryOnce(webhookDeliveries.id, due), claimable))
        .returning();
    },

    /**
     * Releases the claims of a process found dead (it may have died mid-request): its pending deliveries
     * are claimable again at once. If it was alive after all, a delivery may go out twice, under one
     * delivery id (at least once, as always); its late attempt is logged but does not move the delivery
     * on (`record` answers false). Returns how many were released.
     */
    async releaseClaimsOf(lockedBy: string): Promise<number> {
      const rows = await db
        .update(webhookDeliveries)
        .set({ lockedUntil: null, lockedBy: null })
        .where(and(eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.lockedBy, lockedBy)))
        .returning({ id: webhookDeliveries.id });
      return rows.length;
    },

    async target(d: WebhookDeliveryRow): Promise<DeliveryTarget | undefined> {
      if (d.kind === 'event') {
        if (!d.endpointId) return undefined;
        const [row] = await db
          .select({ url: webhookEndpoints.url, secret: webhookEndpoints.secret, enabled: webhookEndpoints.enabled })
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.orgId, d.orgId), eq(webhookEndpoints.id, d.endpointId)));
        return row;
      }
      if (!d.botId) return undefined;
      const [row] = await db
        .select({ secret: botAssistantSettings.workflowSecret })
        .from(botAssistantSettings)
        .where(and(eq(botAssistantSettings.orgId, d.orgId), eq(botAssistantSettings.botId, d.botId)));
      return row ? { url: d.url, secret: row.secret, enabled: true } : undefined;
    },

    /**
     * Logs the attempt and moves the delivery on, only while this worker's claim (`lockedUntil`, by
     * `d.lockedBy`) still holds; false when the claim had expired or was released and another worker
     * owns the delivery now.
     */
    async record(d: WebhookDeliveryRow, lockedUntil: Date, o: AttemptOutcome): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.insert(webhookAttempts).values({
          deliveryId: d.id,
          orgId: d.orgId,
          attempt: o.attempt,
          at: o.at,
          statusCode: o.statusCode,
          error: o.error,
          durationMs: o.durationMs,
        });
        const rows = await tx
          .update(webhookDeliveries)
          .set({
            status: o.status,
            attempts: o.attempt,
            nextAttemptAt: o.nextAttemptAt,
            lockedUntil: null,
            lockedBy: null,
            lastStatusCode: o.statusCode,
            lastError: o.error,
            url: o.url,
            ...(o.status === 'succeeded' ? { deliveredAt: o.at } : {}),
          })
          .where(
            and(
              eq(webhookDeliveries.id, d.id),
              eq(webhookDeliveries.lockedUntil, lockedUntil),
              d.lockedBy === null ? isNull(webhookDeliveries.lockedBy) : eq(webhookDeliveries.lockedBy, d.lockedBy),
            ),
          )
          .returning({ id: webhookDeliveries.id });
        return rows.length > 0;
      });
    },

    /**
     * Retention: deletes up to `limit` finished deliveries (succeeded or failed; never pending) created
     * before `cutoff`, of every organization, with their attempt logs; answers how many.
     */
    async deleteFinishedBefore(cutoff: Date, limit: number): Promise<number> {
      const d = webhookDeliveries;
      const due = db
        .select({ id: d.id })
        .from(d)
        .where(and(lt(d.createdAt, cutoff), ne(d.status, 'pending')))
        .limit(limit);
      const deleted = await db.delete(d).where(inSubqueryOnce(d.id, due)).returning({ id: d.id });
      return deleted.length;
    },

    async list(orgId: string, status: DeliveryStatus | undefined, limit: number): Promise<WebhookDeliveryRow[]> {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.orgId, orgId), status ? eq(webhookDeliveries.status, status) : undefined))
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(limit);
    },

    async find(orgId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, id)));
      return row;
    },

    async attempts(orgId: string, deliveryId: string): Promise<WebhookAttemptRow[]> {
      return db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.orgId, orgId), eq(webhookAttempts.deliveryId, deliveryId)))
        .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.at));
    },

    /** A failed delivery goes back to pending with `extraAttempts` more tries; its log is kept. */
    async retry(orgId: string, id: string, now: Date, extraAttempts: number): Promise<WebhookDeliveryRow | undefined> {
      const [row] = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: now, lockedUntil: null, maxAttempts: sql`${webhookDeliveries.attempts} + ${extraAttempts}` })
        .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'failed')))
        .returning();
      return row;
    },
  };
}
export type WebhookDeliveryStore = ReturnType<typeof createWebhookDeliveryStore>;
