import type { WebhookDelivery } from '@parley/contracts';

/** "HTTP 503 · connection reset", "HTTP 200", "timeout" or "—" before the first attempt. */
export function lastResult(delivery: Pick<WebhookDelivery, 'attempts' | 'lastStatusCode' | 'lastError'>): string {
  const status = delivery.lastStatusCode === null ? null : `HTTP ${delivery.lastStatusCode}`;
  // The error often just repeats the status ("HTTP 500"): say it once.
  const error = delivery.lastError === status ? null : delivery.lastError;
  const parts = [status, error].filter((p): p is string => p !== null && p !== '');
  if (parts.length === 0) return delivery.attempts === 0 ? 'Not tried yet' : '—';
  return parts.join(' · ');
}
