const browsers: readonly (readonly [name: string, pattern: RegExp])[] = [
  // Order matters: Edge, Opera and Samsung Internet also claim to be Chrome and Safari.
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)(?:\.\d+)*.*Safari\//],
];

const systems: readonly (readonly [name: string, pattern: RegExp])[] = [
  ['iOS', /iPhone|iPad|iPod/],
  ['Android', /Android/],
  ['ChromeOS', /CrOS/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X|Macintosh/],
  ['Linux', /Linux/],
];

/** A readable summary of a User-Agent header, e.g. "Chrome 131 on macOS"; null when there is none. */
export function parseUserAgent(userAgent: string | null): string | null {
  if (!userAgent?.trim()) return null;
  let browser: string | null = null;
  for (const [name, pattern] of browsers) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1] ?? ''}`.trim();
      break;
    }
  }
  const system = systems.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null;
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `Unknown browser on ${system}`;
  return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
}
