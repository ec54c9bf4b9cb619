// Secrets that travel in URL paths: invitation links (API preview and dashboard page).
const SECRET_PATHS = [/(\/api\/v1\/invitations\/)[^/?]+(\/preview)/, /(\/app\/invite\/)[^/?]+()/];

/** The URL with path-borne secrets replaced, for logs. */
export function redactUrl(url: string): string {
  return SECRET_PATHS.reduce((u, re) => u.replace(re, '$1[redacted]$2'), url);
}
