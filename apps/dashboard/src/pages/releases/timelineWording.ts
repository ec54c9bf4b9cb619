import type { Deployment, Release } from '@parley/contracts';
import { releaseLabel } from './ReleaseStatusBadge';

/** Kinds after which `previousReleaseId` is the release that was active before. */
const changesActive = new Set<Deployment['kind']>(['publish', 'rollback', 'canary_promote', 'experiment_stop']);

/**
 * The releases a timeline entry names: its release, and how the other relates to it. Only an entry that
 * made another release active says "was"; a canary or an experiment names what it is measured against;
 * an experiment stopped without a winner, or a canary aborted, names no change.
 */
export function timelineReleases(d: Pick<Deployment, 'kind' | 'releaseId' | 'previousReleaseId'>, releases: readonly Release[]): { release: string | null; relation: string | null } {
  const release = d.releaseId === null ? null : releaseLabel(d.releaseId, releases);
  const other = d.previousReleaseId === null ? null : releaseLabel(d.previousReleaseId, releases);
  if (other === null || d.previousReleaseId === d.releaseId) return { release, relation: null };
  if (changesActive.has(d.kind)) return { release, relation: release === null ? null : `was ${other}` };
  if (d.kind === 'experiment_start') return { release, relation: `against ${other} (control)` };
  if (d.kind.startsWith('canary_')) return { release, relation: `against ${other}` };
  return { release, relation: null };
}
