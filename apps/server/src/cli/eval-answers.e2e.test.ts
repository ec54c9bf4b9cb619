import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARLEY_BIN, runNode, type Finished } from '../test/parley-process.js';

const DIST = fileURLToPath(new URL('../../dist/cli/eval-answers.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../../packages/assistant/corpus/qa.sample.json', import.meta.url));

describe('parley eval answers (the built binary)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does).`);
    dir = mkdtempSync(join(tmpdir(), 'parley-eval-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The command needs no configuration: it loads the corpus into its own in-memory PGlite.
  const run = (args: string[]): Promise<Finished> => runNode([PARLEY_BIN, 'eval', ...args], { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' });
  const figure = (out: string, name: string): number => {
    const match = new RegExp(`${name}\\s+([0-9.]+)`).exec(out);
    if (!match?.[1]) throw new Error(`no ${name} in:\n${out}`);
    return Number(match[1]);
  };

  it('ranks the sample corpus through the knowledge stage and prints hit@1, hit@3, MRR and latency', async () => {
    const res = await run(['answers', SAMPLE]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('32 FAQs, 65 questions, threshold 0.35');
    // The in-memory BM25 figures on this corpus are hit@1 0.66, hit@3 0.82, MRR 0.74.
    expect(figure(res.stdout, 'hit@1')).toBeGreaterThanOrEqual(0.66);
    expect(figure(res.stdout, 'hit@3')).toBeGreaterThanOrEqual(0.8);
    expect(figure(res.stdout, 'MRR')).toBeGreaterThanOrEqual(0.72);
    expect(figure(res.stdout, 'hit@3')).toBeGreaterThanOrEqual(figure(res.stdout, 'hit@1'));
    expect(res.stdout).toMatch(/latency per question: p50 [0-9.]+ ms, p99 [0-9.]+ ms/);
  });

  it('exits 2 with a clear message for a missing, malformed or invalid file', async () => {
    const missing = await run(['answers', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
    writeFileSync(join(dir, 'broken.json'), '{"documents": [');
    const broken = await run(['answers', join(dir, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('Cannot read');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ documents: [], questions: [{ text: 'x', expected: 'nope' }] }));
    const invalid = await run(['answers', join(dir, 'invalid.json')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('questions[0] expects unknown document "nope"');
    const none = await run(['answers']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exactly one file');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown eval command: frobnicate');
  });
});
