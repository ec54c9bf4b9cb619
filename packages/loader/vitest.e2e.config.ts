import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Runs the loader's Chromium tests on their own, until the root `browser` project
 * includes `packages/loader/e2e/**\/*.browser.test.ts`:
 *   npm run build -w @parley/loader && npx vitest run --config packages/loader/vitest.e2e.config.ts
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: {
      '@parley/contracts/readable-text-color': fileURLToPath(new URL('../contracts/src/readable-text-color.ts', import.meta.url)),
      '@parley/contracts/linkify': fileURLToPath(new URL('../contracts/src/linkify.ts', import.meta.url)),
      '@parley/contracts': fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: 'loader-browser',
    include: ['e2e/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
