import type { WidgetEvent, WidgetEventBatch } from '@parley/contracts';

/** Where a batch goes and whom it is about. */
export interface BeaconTarget {
  url: string;
  visitorToken: string;
  releaseId: string;
}

export interface Beacons {
  add: (event: WidgetEvent) => void;
  /**
   * Who the events are about. Until it is set (undefined) events wait; null (no release:
   * nothing to attribute them to) drops them. Events queued under the previous target are
   * sent to it first.
   */
  setTarget: (target: BeaconTarget | null) => void;
  /** Sends everything queued now (page hidden or going away). */
  flush: () => void;
}

export const MAX_BATCH = 50;
export const MAX_QUEUE = 200;
export const FLUSH_MS = 2_000;

/** `navigator.sendBeacon` with a text/plain body, else `fetch` with keepalive; never throws, never rejects. */
export function sendBeacon(url: string, body: string): void {
  try {
    if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, body)) return;
    fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } }).catch(() => undefined);
  } catch {
    // Analytics must never break the chat.
  }
}

/** Queues widget events and sends them batched (at most 50 a batch, every 2 s), the queue capped at 200 (oldest dropped). */
export function createBeacons(send: (url: string, body: string) => void = sendBeacon): Beacons {
  let queue: WidgetEvent[] = [];
  let target: BeaconTarget | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!target) return;
    while (queue.length > 0) {
      const batch: WidgetEventBatch = { visitorToken: target.visitorToken, releaseId: target.releaseId, events: queue.slice(0, MAX_BATCH) };
      queue = queue.slice(MAX_BATCH);
      send(target.url, JSON.stringify(batch));
    }
  }

  return {
    add(event) {
      if (target === null) return;
      queue.push(event);
      if (queue.length > MAX_QUEUE) queue = queue.slice(-MAX_QUEUE);
      if (!target) return;
      if (queue.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
    setTarget(next) {
      flush();
      target = next;
      if (next === null) queue = [];
      else if (queue.length > 0) timer ??= setTimeout(flush, FLUSH_MS);
    },
    flush,
  };
}
