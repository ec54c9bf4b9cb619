/** The longest wait between two attempts of a delivery. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Exponential backoff with jitter: after attempt n fails the next one waits base × 2^(n-1),
 * capped at one hour, of which a random half is taken off ("equal jitter"), so deliveries that
 * failed together (a receiver's outage) do not all come back in the same instant.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
