import { z } from 'zod';
import { createSignedToken } from '../../lib/signed-token.js';

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
  const token = createSignedToken('visitor', secretKey, Payload);
  return {
    issue({ botId, visitorId }: VisitorIdentity): string {
      return token.seal({ b: botId, v: visitorId, t: Math.floor(now().getTime() / 1000) });
    },
    /** The identity in a token, or null when it is malformed, forged or for another bot. */
    verify(value: unknown, botId: string): VisitorIdentity | null {
      const data = token.open(value);
      if (!data || data.b !== botId) return null;
      return { botId: data.b, visitorId: data.v };
    },
  };
}
export type VisitorTokens = ReturnType<typeof createVisitorTokens>;
