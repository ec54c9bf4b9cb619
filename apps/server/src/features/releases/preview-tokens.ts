import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../../lib/tokens.js';

const Payload = z.object({ b: z.uuid(), r: z.uuid(), e: z.number().int() });

export const PREVIEW_TTL_MS = 24 * 3_600_000;

/**
 * Preview links: `base64url({bot, release, expiry}).base64url(HMAC-SHA256)` signed with
 * SECRET_KEY. Whoever holds the link sees that release of that bot until it expires.
 */
export function createPreviewTokens(secretKey: string, now: () => Date) {
  const sign = (payload: string) => createHmac('sha256', `preview:${secretKey}`).update(payload).digest('base64url');
  return {
    issue({ botId, releaseId }: { botId: string; releaseId: string }): { token: string; expiresAt: Date } {
      const expiresAt = new Date(now().getTime() + PREVIEW_TTL_MS);
      const payload = Buffer.from(JSON.stringify({ b: botId, r: releaseId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
      return { token: `${payload}.${sign(payload)}`, expiresAt };
    },
    /** The release a token shows, or null when it is malformed, forged, expired or for another bot. */
    verify(token: string, botId: string): string | null {
      if (token.length > 512) return null;
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || !safeEqual(signature, sign(payload))) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const parsed = Payload.safeParse(json);
      if (!parsed.success || parsed.data.b !== botId || parsed.data.e * 1000 <= now().getTime()) return null;
      return parsed.data.r;
    },
  };
}
export type PreviewTokens = ReturnType<typeof createPreviewTokens>;
