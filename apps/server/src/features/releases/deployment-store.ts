import { and, desc, eq } from 'drizzle-orm';
import { deployments, users, type Database } from '@parley/db';
import type { DeploymentKind } from '@parley/contracts';

/** Who made a change to what visitors are served. */
export type DeploymentActor = { kind: 'user'; userId: string | null } | { kind: 'judge' } | { kind: 'system' };

export interface NewDeployment {
  orgId: string;
  botId: string;
  kind: DeploymentKind;
  releaseId: string | null;
  previousReleaseId: string | null;
  actor: DeploymentActor;
  reason: string;
  metrics?: unknown;
  at: Date;
}

export interface DeploymentRow {
  id: string;
  botId: string;
  kind: DeploymentKind;
  releaseId: string | null;
  previousReleaseId: string | null;
  actorKind: 'user' | 'judge' | 'system';
  actorUserId: string | null;
  actorName: string | null;
  reason: string;
  metrics: unknown;
  at: Date;
}

/** The audit trail of a bot's deployments: append-only. */
export function createDeploymentStore(db: Database) {
  return {
    async record(input: NewDeployment): Promise<void> {
      await db.insert(deployments).values({
        orgId: input.orgId,
        botId: input.botId,
        kind: input.kind,
        releaseId: input.releaseId,
        previousReleaseId: input.previousReleaseId,
        actorKind: input.actor.kind,
        actorUserId: input.actor.kind === 'user' ? input.actor.userId : null,
        reason: input.reason,
        metrics: input.metrics ?? null,
        at: input.at,
      });
    },

    /** Newest first. */
    async list(orgId: string, botId: string, limit: number): Promise<DeploymentRow[]> {
      return db
        .select({
          id: deployments.id,
          botId: deployments.botId,
          kind: deployments.kind,
          releaseId: deployments.releaseId,
          previousReleaseId: deployments.previousReleaseId,
          actorKind: deployments.actorKind,
          actorUserId: deployments.actorUserId,
          actorName: users.name,
          reason: deployments.reason,
          metrics: deployments.metrics,
          at: deployments.at,
        })
        .from(deployments)
        .leftJoin(users, eq(users.id, deployments.actorUserId))
        .where(and(eq(deployments.orgId, orgId), eq(deployments.botId, botId)))
        .orderBy(desc(deployments.at), desc(deployments.id))
        .limit(limit);
    },
  };
}
export type DeploymentStore = ReturnType<typeof createDeploymentStore>;
