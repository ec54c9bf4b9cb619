import { and, asc, eq } from 'drizzle-orm';
import { webhookEndpoints, type Database } from '@parley/db';
import type { WebhookEvent } from '@parley/contracts';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export interface NewWebhookEndpoint {
  botId: string | null;
  url: string;
  secret: string;
  events: WebhookEvent[];
}
export type WebhookEndpointPatch = Partial<Pick<WebhookEndpointRow, 'url' | 'events' | 'enabled'>>;

export function createWebhookEndpointStore(db: Database) {
  return {
    async create(orgId: string, input: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
      const [row] = await db
        .insert(webhookEndpoints)
        .values({ ...input, orgId })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async list(orgId: string): Promise<WebhookEndpointRow[]> {
      return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId)).orderBy(asc(webhookEndpoints.createdAt));
    },
    async find(orgId: string, id: string): Promise<WebhookEndpointRow | undefined> {
      const [row] = await db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)));
      return row;
    },
    /** The organization's enabled endpoints. */
    async enabled(orgId: string): Promise<WebhookEndpointRow[]> {
      return db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.enabled, true)));
    },
    async update(orgId: string, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointRow | undefined> {
      const [row] = await db
        .update(webhookEndpoints)
        .set(patch)
        .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
        .returning();
      return row;
    },
    async delete(orgId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(webhookEndpoints)
        .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
        .returning({ id: webhookEndpoints.id });
      return rows.length > 0;
    },
  };
}
export type WebhookEndpointStore = ReturnType<typeof createWebhookEndpointStore>;
