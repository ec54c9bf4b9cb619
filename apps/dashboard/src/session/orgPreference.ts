const key = 'parley.orgId';

/** Remembers the organization chosen in the org switcher across reloads. */
export const orgPreference = {
  get(): string | null {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(orgId: string): void {
    try {
      window.localStorage.setItem(key, orgId);
    } catch {
      // Storage can be unavailable (private mode, quotas); the choice then lasts for this tab only.
    }
  },
};
