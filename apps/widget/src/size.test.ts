import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ASSETS = fileURLToPath(new URL('../dist/assets/', import.meta.url));
const BUDGET = 40 * 1024;

describe('widget size budget', () => {
  it('ships at most 40 KB of gzipped JS + CSS, real-time client included', () => {
    if (!existsSync(ASSETS)) throw new Error(`${ASSETS} is missing: run npm run build -w @parley/widget (or npm run build) first`);
    const files = readdirSync(ASSETS).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    if (files.length === 0) throw new Error(`no .js/.css in ${ASSETS}: run npm run build -w @parley/widget first`);
    const sizes = files.map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(ASSETS, f)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(total, `gzipped: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(BUDGET);
  });
});
