/** The in-app path to go to after sign-in; only same-app absolute paths are accepted. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/bots';
  return next;
}
