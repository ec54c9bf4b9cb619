import Router from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];
const asMethod = (m: string): Method | undefined => METHODS.find((known) => known === m);

/**
 * Which methods a path has routes for, matched the way Fastify's router matches them (the same
 * find-my-way), so a request with the wrong method gets 405 with an `Allow` header, not 404.
 */
export function createAllowedMethods() {
  const router = Router();
  const seen = new Set<string>();
  return {
    add(method: string | string[], url: string): void {
      for (const m of [method].flat()) {
        const known = asMethod(m);
        if (!known || seen.has(`${known} ${url}`)) continue;
        seen.add(`${known} ${url}`);
        router.on(known, url, () => undefined);
      }
    },
    /** The methods with a route for `path` (no query string); empty when none has one. */
    allowedFor(path: string): Method[] {
      return METHODS.filter((m) => router.find(m, path) !== null);
    },
  };
}
