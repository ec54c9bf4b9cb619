import type { Release } from '@parley/contracts';

export function ReleaseStatusBadge({ release }: { release: Pick<Release, 'status' | 'active'> }) {
  return (
    <span className="badges-inline">
      <span className={`badge badge-release-${release.status}`}>{release.status}</span>
      {release.active ? <span className="badge badge-on">Active</span> : null}
    </span>
  );
}

/** "1.2.0" or "1.2.0 (unknown)" when a release id is not in the list. */
export function releaseLabel(id: string | null, releases: readonly Release[]): string {
  if (id === null) return '—';
  const release = releases.find((r) => r.id === id);
  return release ? `v${release.semver}` : 'a deleted release';
}
