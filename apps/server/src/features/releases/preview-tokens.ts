import { z } from 'zod';
import { createSignedToken } from '../../lib/signed-token.js';

const Payload = z.object({ b: z.uuid(), r: z.uuid(), e: z.number().int() });

export const PREVIEW_TTL_MS = 24 * 3_600_000;

/**
 * Preview links: `base64url({bot, release, expiry}).base64url(HMAC-SHA256)` signed with
 * SECRET_KEY. Whoever holds the link sees that release of that bot until it expires.
 */
export function createPreviewTokens(secretKey: string, now: () => Date) {
  const token = createSignedToken('preview', secretKey, Payload);
  return {
    issue({ botId, releaseId }: { botId: string; releaseId: string }): { token: string; expiresAt: Date } {
      const expiresAt = new Date(now().getTime() + PREVIEW_TTL_MS);
      return { token: token.seal({ b: botId, r: releaseId, e: Math.floor(expiresAt.getTime() / 1000) }), expiresAt };
    },
    /** The release a token shows, or null when it is malformed, forged, expired or for another bot. */
    verify(value: string, botId: string): string | null {
      const data = token.open(value);
      if (!data || data.b !== botId || data.e * 1000 <= now().getTime()) return null;
      return data.r;
    },
  };
}
export type PreviewTokens = ReturnType<typeof createPreviewTokens>;
