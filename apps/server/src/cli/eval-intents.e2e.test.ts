import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARLEY_BIN, runNode, type Finished } from '../test/parley-process.js';

const DIST = fileURLToPath(new URL('../../dist/cli/eval-intents.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../../packages/assistant/corpus/intents.sample.json', import.meta.url));

describe('parley eval intents (the built binary)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does).`);
    dir = mkdtempSync(join(tmpdir(), 'parley-eval-intents-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // No configuration or database: the corpus is trained and classified in memory.
  const run = (args: string[]): Promise<Finished> => runNode([PARLEY_BIN, 'eval', 'intents', ...args], { PATH: process.env.PATH ?? '' });
  const figure = (out: string, name: string): number => {
    const match = new RegExp(`${name}\\s+([0-9.]+)`).exec(out);
    if (!match?.[1]) throw new Error(`no ${name} in:\n${out}`);
    return Number(match[1]);
  };

  it('trains on the sample corpus and prints accuracy, macro/micro-F1, confusions and latency', async () => {
    const res = await run([SAMPLE]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/trained on 176 sentences in [0-9.]+ ms, tested 84 \(11 labels, threshold 0\.2, out of scope "None"\)/);
    // Measured on this corpus (the package's own test too): accuracy 0.845, macro-F1 0.862.
    expect(figure(res.stdout, 'accuracy')).toBeCloseTo(0.845, 3);
    expect(figure(res.stdout, 'macro-F1')).toBeCloseTo(0.862, 3);
    // Single-label classification: micro-F1 equals accuracy.
    expect(figure(res.stdout, 'micro-F1')).toBe(figure(res.stdout, 'accuracy'));
    expect(res.stdout).toMatch(/latency per sentence: p50 [0-9.]+ ms, p99 [0-9.]+ ms/);
    expect(res.stdout).toContain('Top confusions (expected → predicted):');
    expect(res.stdout).toMatch(/ {2}3 × None → price/);
    expect(res.stdout).toMatch(/ {2}opening_hours +1\.000 \/ 1\.000 \/ 1\.000 {2}7/);
  });

  it('honours --threshold: a stricter one sends more sentences out of scope', async () => {
    const strict = await run([SAMPLE, '--threshold', '0.9']);
    expect(strict.code).toBe(0);
    expect(strict.stdout).toContain('threshold 0.9');
    expect(figure(strict.stdout, 'accuracy')).toBeLessThan(0.845);
    expect(strict.stdout).toMatch(/× \w+ → None/);
  });

  it('exits 2 with a clear message for a missing, malformed or invalid file', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"sentences": [');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ sentences: [{ text: 'hi', intent: 'greeting' }] }));
    writeFileSync(join(dir, 'untested.json'), JSON.stringify({ sentences: [{ text: 'hi', intent: 'greeting', training: true }] }));
    // Each run is its own process: all at once.
    const [missing, broken, invalid, untested, none, badThreshold] = await Promise.all([
      run([join(dir, 'nope.json')]),
      run([join(dir, 'broken.json')]),
      run([join(dir, 'invalid.json')]),
      run([join(dir, 'untested.json')]),
      run([]),
      run([SAMPLE, '--threshold', 'high']),
    ]);
    for (const res of [missing, broken, invalid, untested, none, badThreshold]) {
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
    }
    expect(missing.stderr).toContain('Cannot read');
    expect(broken.stderr).toContain('Cannot read');
    expect(invalid.stderr).toContain('sentences[0] needs "text" (string), "intent" (string) and "training" (boolean)');
    expect(untested.stderr).toContain('test sentences');
    expect(none.stderr).toContain('needs exactly one file');
    expect(badThreshold.stderr).toContain('--threshold must be a number from 0 to 1');
  });
});
