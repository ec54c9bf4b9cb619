import { WidgetConfig, type Deployment, type Release } from '@parley/contracts';
import { iso, isoOrNull } from '../../lib/iso.js';
import type { DeploymentRow } from './deployment-store.js';
import type { ReleaseRow } from './release-store.js';

/** A stored config read back through the one schema (defaults fill anything an older release lacks). */
export function storedConfig(config: unknown): WidgetConfig {
  const parsed = WidgetConfig.safeParse(config);
  return parsed.success ? parsed.data : WidgetConfig.parse({ theme: {}, texts: {}, tabs: {}, features: {} });
}

export function toRelease(row: ReleaseRow, activeId: string | undefined, assetUrl: string): Release {
  return {
    id: row.id,
    botId: row.botId,
    semver: row.semver,
    status: row.status,
    active: row.id === activeId,
    config: storedConfig(row.config),
    runtime: row.runtime,
    changelog: row.changelog,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    publishedBy: row.publishedBy,
    publishedAt: isoOrNull(row.publishedAt),
    assetUrl,
  };
}

export function toDeployment(row: DeploymentRow): Deployment {
  const actor: Deployment['actor'] =
    row.actorKind === 'user' ? { kind: 'user', userId: row.actorUserId, name: row.actorName } : { kind: row.actorKind };
  return {
    id: row.id,
    botId: row.botId,
    kind: row.kind,
    releaseId: row.releaseId,
    previousReleaseId: row.previousReleaseId,
    actor,
    reason: row.reason,
    metrics: row.metrics ?? null,
    at: iso(row.at),
  };
}
