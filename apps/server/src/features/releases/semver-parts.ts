import type { SuggestedVersions } from '@parley/contracts';

export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
}

/** The numbers of an already validated `Semver`. */
export function semverParts(semver: string): SemverParts {
  const [major = 0, minor = 0, patch = 0] = semver.split('.').map(Number);
  return { major, minor, patch };
}

/** Next patch, minor and major after the highest version (1.0.0 family when there is none). */
export function suggestVersions(highest: SemverParts | undefined): SuggestedVersions {
  if (!highest) return { patch: '1.0.0', minor: '1.0.0', major: '1.0.0' };
  const { major, minor, patch } = highest;
  return { patch: `${major}.${minor}.${patch + 1}`, minor: `${major}.${minor + 1}.0`, major: `${major + 1}.0.0` };
}
