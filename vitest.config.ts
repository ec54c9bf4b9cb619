import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests always run the workspace packages from source.
// A subpath comes before its package: the first entry that matches wins.
const alias = {
  '@parley/contracts/readable-text-color': src('./packages/contracts/src/readable-text-color.ts'),
  '@parley/contracts/linkify': src('./packages/contracts/src/linkify.ts'),
  '@parley/contracts': src('./packages/contracts/src/index.ts'),
  '@parley/db': src('./packages/db/src/index.ts'),
  '@parley/rollout': src('./packages/rollout/src/index.ts'),
  '@parley/assistant': src('./packages/assistant/src/index.ts'),
};

const integration = ['apps/server/src/**/*.e2e.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/widget/src/**/*.test.{ts,tsx}', 'apps/dashboard/src/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/*.multinode.test.ts', '**/node_modules/**', '**/dist/**'],
          // Property tests (fast-check, 100,000-visitor splits) take seconds of CPU; on a busy
          // 2-core machine the 5 s default failed them for time, not for a wrong answer.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'pglite',
          include: integration,
          env: { PARLEY_TEST_DB: 'pglite' },
          // Every test database starts as a copy of one migrated PGlite (seconds saved per app).
          globalSetup: ['apps/server/src/test/pglite-global-setup.ts'],
          // A safety net, not a bound: tests that spawn the CLI (a PGlite initdb in WebAssembly
          // each) took 5–11 s on a normal CI host and over 60 s on one shared with heavy load.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'postgres',
          // Multi-node tests share one PostgreSQL between processes: PostgreSQL only.
          include: [...integration, 'apps/server/src/**/*.multinode.test.ts'],
          // The eval commands load their corpus into their own in-memory PGlite whatever the database: run once (pglite).
          exclude: ['apps/server/src/cli/eval-*.e2e.test.ts', '**/node_modules/**', '**/dist/**'],
          env: { PARLEY_TEST_DB: 'postgres' },
          globalSetup: ['apps/server/src/test/postgres-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          globalSetup: ['apps/server/src/test/pglite-global-setup.ts'],
          include: ['e2e/**/*.browser.test.ts', 'packages/loader/e2e/**/*.browser.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for a page to reach a state; its 1 s default failed a loaded CI host
          // ("works on a page with a strict CSP": the iframe took longer to show). A wait, not a bound.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
