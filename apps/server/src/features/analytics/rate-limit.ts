import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../errors/app-error.js';

/** Spends one point of `key` on `limiter`; a refusal becomes a 429 AppError. */
export async function rateLimit(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new AppError('rate_limited', `Too many ${what}; try again in ${Math.ceil(rejection.msBeforeNext / 1000)} s`);
  }
}
