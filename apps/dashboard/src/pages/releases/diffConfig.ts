/** One changed leaf between two configs. */
export interface ConfigChange {
  /** Dotted path, e.g. `theme.color`. */
  path: string;
  /** Undefined when the field is missing on that side. */
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.set(prefix, value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  // Arrays and empty objects are compared as whole values.
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Field-by-field differences between two configs (nested objects flattened to dotted paths),
 * in the order fields first appear in `a`, then fields only in `b`.
 */
export function diffConfig(a: unknown, b: unknown): ConfigChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  flatten(a, '', left);
  flatten(b, '', right);
  const paths = [...left.keys(), ...[...right.keys()].filter((p) => !left.has(p))];
  const changes: ConfigChange[] = [];
  for (const path of paths) {
    const before = left.get(path);
    const after = right.get(path);
    if (!sameValue(before, after)) changes.push({ path, before, after });
  }
  return changes;
}

/** A config value as shown in the diff table. */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return JSON.stringify(value);
}
