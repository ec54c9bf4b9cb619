// Builds dist/loader.js: one minified IIFE, no runtime dependencies (see src/size.test.ts for the budget).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outfile = here('./dist/loader.js');

await build({
  entryPoints: [here('./src/index.ts')],
  outfile,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const code = readFileSync(outfile);
console.log(`dist/loader.js: ${code.length} bytes, ${gzipSync(code, { level: 9 }).length} bytes gzipped (budget 3072)`);
