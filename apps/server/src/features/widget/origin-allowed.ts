/**
 * True when `origin` (scheme://host[:port], as browsers send it) is one of `allowed`.
 * An entry `https://*.example.com` admits every subdomain of example.com, not itself.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const o = origin.toLowerCase();
  return allowed.some((entry) => {
    if (!entry.includes('*.')) return entry === o;
    const [scheme, rest = ''] = entry.split('://*.');
    const suffix = `.${rest}`;
    return o.startsWith(`${scheme}://`) && o.endsWith(suffix) && o.length > `${scheme}://`.length + suffix.length;
  });
}
