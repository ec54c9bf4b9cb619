import { SsrfError, type SsrfGuard } from '../../lib/ssrf-guard.js';
import type { Stores } from '../data-store.js';
import type { WebhookDeliveryRow } from './webhook-delivery-store.js';
import { postWebhook, type PostResult } from './post-webhook.js';
import { retryDelayMs } from './retry-delay.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookWorkerDeps {
  stores: Pick<Stores, 'webhookDeliveries'>;
  guard: SsrfGuard;
  timeoutMs: number;
  retryBaseMs: number;
  pollMs: number;
  /** This process: its claims are marked with it, so whoever finds it dead can release them. */
  nodeId: string;
  now: () => Date;
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Deliveries claimed (and sent concurrently) at a time. */
  batchSize?: number;
  random?: () => number;
}

/** Waking a little after a retry falls due, so the claim's `next_attempt_at <= now` holds. */
const RETRY_SLACK_MS = 5;

/**
 * The delivery worker: claims due deliveries from the outbox and POSTs them, signed (see
 * webhook-signature.ts), logging every attempt. A 2xx answer delivers; anything else is retried
 * after base × 2^(attempt-1) (jittered, at most 1 h) until max_attempts, then the delivery fails.
 * A URL the SSRF guard refuses fails at once (retrying would not change the answer).
 *
 * It runs right after `wake()` (an enqueue on this node), when a retry it scheduled falls due,
 * and otherwise every `pollMs` (deliveries of other nodes, and those a crashed worker held once its claim is
 * released or expires).
 */
export function createWebhookWorker(deps: WebhookWorkerDeps) {
  const { stores, guard, timeoutMs, retryBaseMs, pollMs, now, log } = deps;
  const batchSize = deps.batchSize ?? 10;
  const random = deps.random ?? Math.random;
  // A claim outlives any attempt: the request's timeout plus time to record it.
  const lockMs = timeoutMs + 30_000;

  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let sleeper: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  /** The earliest retry this worker scheduled, so it wakes for it before the next poll. */
  let nextRetryAt = Infinity;

  async function attempt(d: WebhookDeliveryRow, lockedUntil: Date): Promise<void> {
    const number = d.attempts + 1;
    const at = now();
    const body = JSON.stringify(d.payload);
    let result: PostResult;
    let url = d.url;
    let final = false;
    const target = await stores.webhookDeliveries.target(d);
    if (!target) {
      result = { statusCode: null, error: d.kind === 'event' ? 'the endpoint no longer exists' : 'the bot has no workflow settings', durationMs: 0 };
      final = true;
    } else if (!target.enabled) {
      result = { statusCode: null, error: 'the endpoint is disabled', durationMs: 0 };
      final = true;
    } else {
      url = target.url;
      try {
        const vetted = await guard.check(url);
        const timestamp = Math.floor(at.getTime() / 1000);
        const headers = {
          'Content-Type': 'application/json',
          'User-Agent': 'Parley-Webhooks/1',
          'X-Parley-Event': d.event,
          'X-Parley-Delivery': d.id,
          'X-Parley-Timestamp': String(timestamp),
          'X-Parley-Signature': signWebhook(target.secret, timestamp, body),
        };
        result = await postWebhook(vetted, body, headers, timeoutMs);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        result = { statusCode: null, error: `refused: ${err.message}`, durationMs: 0 };
        final = true;
      }
    }
    const ok = result.error === null;
    const exhausted = number >= d.maxAttempts;
    const status = ok ? 'succeeded' : final || exhausted ? 'failed' : 'pending';
    const nextAttemptAt = status === 'pending' ? new Date(now().getTime() + retryDelayMs(number, retryBaseMs, random)) : at;
    const recorded = await stores.webhookDeliveries.record(d, lockedUntil, { attempt: number, at, ...result, url, status, nextAttemptAt });
    if (!recorded) log.warn({ deliveryId: d.id }, 'webhook delivery claim expired before its attempt was recorded');
    if (status === 'pending') nextRetryAt = Math.min(nextRetryAt, nextAttemptAt.getTime());
  }

  /** Claims one batch and sends it; returns how many deliveries it handled. */
  async function runOnce(): Promise<number> {
    const at = now();
    const lockedUntil = new Date(at.getTime() + lockMs);
    const claimed = await stores.webhookDeliveries.claim(at, lockedUntil, batchSize, deps.nodeId);
    await Promise.all(
      claimed.map((d) =>
        attempt(d, lockedUntil).catch((err: unknown) => log.error({ err, deliveryId: d.id }, 'webhook delivery attempt failed')),
      ),
    );
    return claimed.length;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeper = undefined;
        resolve();
      }, ms);
      sleeper = { timer, resolve };
    });
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      // The retry this worker waited for is due: this run claims it.
      if (nextRetryAt <= now().getTime()) nextRetryAt = Infinity;
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (err) {
        log.error({ err }, 'webhook delivery worker run failed');
      }
      if (!running) break;
      // A full batch may mean more is due; a wake-up during the run means new work.
      if (handled >= batchSize || woken) continue;
      await sleep(Math.min(pollMs, Math.max(0, nextRetryAt - now().getTime() + RETRY_SLACK_MS)));
    }
  }

  return {
    runOnce,
    /** New work on this node: run now instead of at the next poll. */
    wake(): void {
      woken = true;
      if (!sleeper) return;
      clearTimeout(sleeper.timer);
      const { resolve } = sleeper;
      sleeper = undefined;
      resolve();
    },
    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Stops polling; an attempt in flight finishes (bounded by the timeout) and is recorded. */
    async stop(): Promise<void> {
      running = false;
      if (sleeper) {
        clearTimeout(sleeper.timer);
        sleeper.resolve();
        sleeper = undefined;
      }
      await loop;
      loop = undefined;
    },
  };
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
