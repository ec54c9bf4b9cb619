import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../../lib/tokens.js';

const Payload = z.object({ b: z.uuid(), v: z.uuid(), t: z.number().int() });

export interface VisitorIdentity {
  botId: string;
  visitorId: string;
}

/**
 * Visitor tokens: `base64url(payload).base64url(HMAC-SHA256)`, signed with SECRET_KEY.
 * The server issues the visitor id; a client cannot make one up or borrow another bot's.
 */
export function createVisitorTokens(secretKey: string, now: () => Date) {
  const sign = (payload: string) => createHmac('sha256', `visitor:${secretKey}`).update(payload).digest('base64url');
  return {
    issue({ botId, visitorId }: VisitorIdentity): string {
      const payload = Buffer.from(JSON.stringify({ b: botId, v: visitorId, t: Math.floor(now().getTime() / 1000) })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    /** The identity in a token, or null when it is malformed, forged or for another bot. */
    verify(token: unknown, botId: string): VisitorIdentity | null {
      if (typeof token !== 'string' || token.length > 512) return null;
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || !safeEqual(signature, sign(payload))) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const parsed = Payload.safeParse(json);
      if (!parsed.success || parsed.data.b !== botId) return null;
      return { botId: parsed.data.b, visitorId: parsed.data.v };
    },
  };
}
export type VisitorTokens = ReturnType<typeof createVisitorTokens>;
