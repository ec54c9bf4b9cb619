import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The widget runtime build id: a content hash of the built widget's index.html. It names
 * every hashed asset the build loads, so it changes exactly when the runtime changes and
 * is the same on every node serving the same build. `unbuilt` when there is no build.
 */
export function widgetRuntimeId(widgetDir: string): string {
  const index = join(widgetDir, 'index.html');
  if (!existsSync(index)) return 'unbuilt';
  return `web-${createHash('sha256').update(readFileSync(index)).digest('hex').slice(0, 12)}`;
}
