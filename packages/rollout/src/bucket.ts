import { murmurhash3 } from './murmurhash3.js';

/** Buckets per rollout: 0..9,999, so one bucket is one basis point (0.01 %). */
export const BUCKET_COUNT = 10_000;

/**
 * The visitor's sticky bucket (integer 0..9,999) for one rollout or experiment:
 * MurmurHash3 of `${salt}:${botId}:${visitorId}` modulo 10,000, like Unleash.
 * A fresh salt per rollout makes assignments independent between rollouts.
 */
export function bucket(botId: string, visitorId: string, salt: string): number {
  return murmurhash3(`${salt}:${botId}:${visitorId}`) % BUCKET_COUNT;
}

export function assertBucket(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= BUCKET_COUNT) {
    throw new RangeError(`bucket must be an integer from 0 to ${BUCKET_COUNT - 1}, got ${value}`);
  }
}
