import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The loader's budget: 3 KB gzipped (level 9). */
const BUDGET = 3072;
const dist = fileURLToPath(new URL('../dist/loader.js', import.meta.url));

describe('dist/loader.js', () => {
  it(`is at most ${BUDGET} bytes gzipped`, () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build (or npm run build -w @parley/loader)`);
    const size = gzipSync(readFileSync(dist), { level: 9 }).length;
    expect(size, `loader.js is ${size} bytes gzipped`).toBeLessThanOrEqual(BUDGET);
  });

  it('is a self-contained script: no imports, no requires', () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build`);
    const code = readFileSync(dist, 'utf8');
    expect(code).not.toMatch(/\bimport\s*[({"']|\brequire\(/);
    // postMessage is always pinned to the Parley origin.
    expect(code).not.toMatch(/["'`]\*["'`]/);
  });
});
