/** A background job run every `intervalMs`: never two runs at once; `stop` waits for a run in progress. */
export interface PeriodicTask {
  start: () => void;
  stop: () => Promise<void>;
}

export interface PeriodicTaskOptions {
  intervalMs: number;
  /** Delay before the first run (default: one interval). */
  firstDelayMs?: number;
  /** A failed run is reported here; the next run still comes. */
  onError: (err: unknown) => void;
}

/**
 * Runs `task` `firstDelayMs` after `start`, then `intervalMs` after each run ends (a slow run delays the
 * next one instead of overlapping it). The timer never keeps the process alive.
 */
export function createPeriodicTask(task: () => Promise<unknown>, { intervalMs, firstDelayMs = intervalMs, onError }: PeriodicTaskOptions): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let running = false;

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = task()
        .then(
          () => undefined,
          (err: unknown) => onError(err),
        )
        .finally(() => {
          inFlight = undefined;
          if (running) schedule(intervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start: () => {
      if (running) return;
      running = true;
      schedule(firstDelayMs);
    },
    stop: async () => {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
