import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How Parley signs every webhook and workflow delivery (receivers verify it the same way):
 *
 *   X-Parley-Timestamp: <unix seconds when this attempt was sent>
 *   X-Parley-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
 *
 * The key is the endpoint's secret (event webhooks) or the bot's workflow secret (workflow
 * deliveries), used as the UTF-8 string it is shown as. The body is the exact bytes received.
 * Signing the timestamp with the body lets receivers refuse replays (e.g. older than 5 minutes);
 * `X-Parley-Delivery` stays the same on every retry, so receivers can drop duplicates.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature header in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: string | number, body: string, signature: string): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
