export interface BatcherOptions<I, O> {
  /** Handles a batch; answers one result per item, in order. */
  run: (items: I[]) => Promise<O[]>;
  /** Batches running at once; items arriving meanwhile wait and go together. */
  maxInFlight: number;
  maxBatch: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted while the database is busy share the next round trip.
 * An idle batcher sends an item at once (after the current I/O phase, so items read
 * together leave together); under load, batches grow instead of queues of round trips.
 * When a batch fails, its items are retried one by one, so one bad item fails alone.
 */
export function createBatcher<I, O>(options: BatcherOptions<I, O>): { submit(item: I): Promise<O> } {
  const queue: Array<Pending<I, O>> = [];
  let inFlight = 0;
  let scheduled = false;

  async function runOne(p: Pending<I, O>): Promise<void> {
    try {
      const [out] = await options.run([p.item]);
      if (out === undefined) throw new Error('batch returned no result');
      p.resolve(out);
    } catch (err) {
      p.reject(err);
    }
  }

  async function runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    let results: O[];
    try {
      results = await options.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${results.length} results`);
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      for (const p of batch) await runOne(p);
      return;
    }
    batch.forEach((p, i) => {
      const out = results[i];
      if (out === undefined) p.reject(new Error('batch returned no result'));
      else p.resolve(out);
    });
  }

  function pump(): void {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void runBatch(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  function schedule(): void {
    if (scheduled || queue.length === 0 || inFlight >= options.maxInFlight) return;
    scheduled = true;
    setImmediate(pump);
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}
