import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { IntentExample } from '@parley/assistant';

const workerFile = createRequire(import.meta.url).resolve('@parley/assistant/train-worker');

const Reply = z.union([z.object({ model: z.string(), trainMs: z.number() }), z.object({ error: z.string() })]);

/** A classifier trained off the main thread: the model as JSON text, and how long training took. */
export interface TrainedInWorker {
  modelJson: string;
  trainMs: number;
}

/**
 * Trains an intent classifier in a worker thread of its own. Training 5,000 examples takes ~0.5 s of
 * CPU; on the main thread that stalled every chat message of this node for as long. The worker ends
 * with the job; a crash or bad reply rejects.
 */
export function trainInWorker(examples: readonly IntentExample[]): Promise<TrainedInWorker> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const worker = new Worker(workerFile, { workerData: examples });
    worker.once('message', (message: unknown) => {
      const reply = Reply.safeParse(message);
      settle(() => {
        if (!reply.success) reject(new Error('intent training worker sent an unreadable reply'));
        else if ('error' in reply.data) reject(new Error(`intent training failed: ${reply.data.error}`));
        else resolve({ modelJson: reply.data.model, trainMs: reply.data.trainMs });
      });
      void worker.terminate();
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`intent training worker exited (code ${code}) without a model`))));
  });
}
