import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { trainIntentClassifier, type IntentExample } from '@parley/assistant';
import { trainInWorker } from './train-in-worker.js';

const WORDS = 'laptop battery warranty shipping refund order price discount hanoi saigon delivery store hours payment card return size screen'.split(' ');

/** `n` examples over 60 intents, varied enough to give a large vocabulary. */
function examples(n: number): IntentExample[] {
  return Array.from({ length: n }, (_, i) => ({
    text: Array.from({ length: 4 + (i % 8) }, (_, k) => `${WORDS[(i * 7 + k * 13) % WORDS.length] ?? ''}${k % 3 === 0 ? i % 50 : ''}`).join(' '),
    intent: `intent-${i % 60}`,
  }));
}

describe('trainInWorker', () => {
  it('trains the same model as training in place', async () => {
    const few = examples(300);
    const { modelJson, trainMs } = await trainInWorker(few);
    expect(JSON.parse(modelJson)).toEqual(JSON.parse(JSON.stringify(trainIntentClassifier(few))));
    expect(trainMs).toBeGreaterThan(0);
  });

  it('leaves the main thread free while it trains', async () => {
    // 5,000 examples take hundreds of milliseconds of CPU; in place, no timer could fire meanwhile.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await trainInWorker(examples(5_000));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('answers bad input with an error, not a model', async () => {
    const worker = new Worker(createRequire(import.meta.url).resolve('@parley/assistant/train-worker'), { workerData: [{ text: 1, intent: 'x' }] });
    const reply = await new Promise<unknown>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(reply).toEqual({ error: 'workerData must be an array of { text, intent } examples' });
  });
});
