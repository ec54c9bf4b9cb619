import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '@parley/db';
import { createStores } from '../features/data-store.js';
import { PARLEY_BIN, runNode, type Finished } from '../test/parley-process.js';
import { createPgDatabase, testDbKind } from '../test/test-database.js';

const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('parley import-legacy (the built binary)', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let orgId = '';
  let existingBotId = '';

  const run = (args: string[]): Promise<Finished> => runNode([PARLEY_BIN, ...args], env);
  /** The CLI's database, opened between runs (PGlite allows one process at a time). */
  async function withStores<T>(fn: (stores: ReturnType<typeof createStores>) => Promise<T>): Promise<T> {
    const database = createDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite') });
    try {
      return await fn(createStores(database.db));
    } finally {
      await database.close();
    }
  }
  const writeJson = (name: string, value: unknown) => {
    const file = join(dataDir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does).`);
    dataDir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    env = { PATH: process.env.PATH ?? '', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
    if (testDbKind() === 'postgres') env.DATABASE_URL = await createPgDatabase();
    const admin = await run(['admin', 'create', '--email', 'legacy@example.test', '--password', 'a-long-password', '--org', 'Legacy']);
    expect(admin.code, admin.stderr).toBe(0);
    await withStores(async (s) => {
      const user = await s.users.findByEmail('legacy@example.test');
      const [org] = await s.orgs.listForUser(user?.id ?? '');
      orgId = org?.id ?? '';
      existingBotId = (await s.bots.create(orgId, { name: 'Existing', identitySecret: 'x'.repeat(43) })).id;
    });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes each config release 1.0.0, published and active, and does nothing the second time', async () => {
    const file = writeJson('legacy.json', {
      bots: [
        { orgId, name: 'Shop helper', config: { color: '#ff0000', position: 'left', greeting: 'Chào bạn', title: 'Hỗ trợ', locale: 'vi' } },
        { botId: existingBotId, orgId, name: 'Existing', config: { launcherText: 'Help?' } },
      ],
    });
    const first = await run(['import-legacy', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Imported: "Shop helper"');
    expect(first.stdout).toContain('bot created');
    expect(first.stdout).toContain(`Imported: "Existing" (${existingBotId})`);
    const second = await run(['import-legacy', file]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.match(/Already imported/g)).toHaveLength(2);
    expect(second.stdout).not.toContain('bot created');

    await withStores(async (s) => {
      const bots = await s.bots.list(orgId);
      expect(bots.map((b) => b.name).sort()).toEqual(['Existing', 'Shop helper']);
      for (const bot of bots) {
        const releases = await s.releases.list(orgId, bot.id);
        expect(releases).toHaveLength(1);
        const [release] = releases;
        expect(release).toMatchObject({ semver: '1.0.0', status: 'published' });
        expect(await s.releases.activeId(orgId, bot.id)).toBe(release?.id);
        const timeline = await s.deployments.list(orgId, bot.id, 10);
        expect(timeline).toHaveLength(1);
        expect(timeline[0]).toMatchObject({ kind: 'publish', actorKind: 'system', reason: 'imported from legacy config', releaseId: release?.id });
      }
      const shop = bots.find((b) => b.name === 'Shop helper');
      const [release] = await s.releases.list(orgId, shop?.id ?? '');
      expect(release?.config).toMatchObject({ theme: { color: '#ff0000', position: 'left' }, texts: { title: 'Hỗ trợ' }, greeting: 'Chào bạn', locale: 'vi' });
    });
  });

  it('refuses a file that is not the legacy format, naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      ['{ not json', 'Cannot read'],
      [{ bots: [{ orgId, name: 'X', config: { colour: 'red' } }] }, 'bots.0.config'],
      [{ bots: [{ orgId: 'nope', name: 'X' }] }, 'bots.0.orgId'],
      [{ bots: [{ orgId, name: 'X', config: { greeting: 'x'.repeat(501) } }] }, 'bots.0.config.greeting'],
    ];
    for (const [content, message] of cases) {
      const res = await run(['import-legacy', writeJson('bad.json', content)]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(message);
    }
    const missing = await run(['import-legacy']);
    expect(missing.code).toBe(1);
    const unknownOrg = await run(['import-legacy', writeJson('org.json', { bots: [{ orgId: '00000000-0000-4000-8000-000000000000', name: 'X' }] })]);
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toContain('Organization 00000000-0000-4000-8000-000000000000 not found');
    expect(await withStores(async (s) => (await s.bots.list(orgId)).length)).toBe(2);
  });
});
