import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle } from '@parley/db';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A fresh PostgreSQL database on the harness server; returns its URL. */
export async function createPgDatabase(): Promise<string> {
  const base = inject('pgUrl');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

// The migrated PGlite made once by the project's global setup (pglite-global-setup.ts), copied for every test database.
let template: Promise<Blob> | undefined;
export function pgliteTemplate(): Promise<Blob> {
  template ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]));
  return template;
}

/** A fresh, empty, migrated database of the kind this test project runs on. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const database =
    testDbKind() === 'postgres'
      ? createDatabase({ url: await createPgDatabase(), poolMax: 5 })
      : createDatabase({ dataDir: 'memory://', pgliteTemplate: await pgliteTemplate() });
  await database.migrate();
  return database;
}
