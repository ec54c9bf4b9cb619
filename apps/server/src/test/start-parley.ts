import { createDatabase } from '@parley/db';
import { buildApp } from '../app.js';
import { loadConfig, type Env } from '../config/config.js';
import { createSetupService } from '../features/setup/setup-service.js';
import { freePort } from './free-port.js';
import { pgliteTemplate } from './test-database.js';

export interface RunningParley {
  url: string;
  owner: { email: string; password: string };
  close(): Promise<void>;
}

/**
 * A real Parley listening on 127.0.0.1 (a free port, which PUBLIC_URL names) with a fresh in-memory PGlite,
 * the built dashboard at /app/, and one owner with an organization. For browser tests.
 */
export async function startParley(env: Env = {}): Promise<RunningParley> {
  const database = createDatabase({ dataDir: 'memory://', pgliteTemplate: await pgliteTemplate() });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ NODE_ENV: 'test', PARLEY_DATA_DIR: 'memory://', LOG_LEVEL: 'warn', PORT: String(port), PUBLIC_URL: url, GEOIP: 'false', ...env });
  const app = await buildApp(config, { database });
  const owner = { email: 'owner@example.test', password: 'owner-password-1' };
  await createSetupService(database.db).createAdmin({ ...owner, name: 'Olivia Owner', orgName: 'Acme' });
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    owner,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
