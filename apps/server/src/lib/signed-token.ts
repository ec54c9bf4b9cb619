import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { safeEqual } from './tokens.js';

const MAX_TOKEN_LENGTH = 512;

/**
 * `base64url(JSON payload).base64url(HMAC-SHA256)` tokens, signed with a key derived for
 * one purpose (a visitor token is never a valid preview link, and the reverse).
 */
export function createSignedToken<S extends z.ZodType>(purpose: string, secretKey: string, schema: S) {
  const sign = (payload: string) => createHmac('sha256', `${purpose}:${secretKey}`).update(payload).digest('base64url');
  return {
    seal(data: z.input<S>): string {
      const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    /** The payload, or null when the token is malformed, too long or not signed by us. */
    open(token: unknown): z.output<S> | null {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || !safeEqual(signature, sign(payload))) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const parsed = schema.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
  };
}
