/**
 * Runs tasks that share a key one after another, in the order they were queued; tasks with
 * different keys run concurrently. A failed task does not stop the ones queued after it.
 * Keys are forgotten once their last task settles, so the map holds only keys with work queued.
 */
export interface KeyedQueue {
  /** `task` is told whether it waited for another task of its key. */
  run<T>(key: string, task: (waited: boolean) => Promise<T>): Promise<T>;
  /** Keys with a task queued or running. */
  readonly size: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string, task: (waited: boolean) => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      const result = previous ? previous.then(() => task(true)) : new Promise<T>((resolve) => resolve(task(false)));
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
