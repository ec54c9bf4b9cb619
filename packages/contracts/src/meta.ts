import { z } from 'zod';

/** Public facts the dashboard needs before sign-in. */
export const ServerMeta = z.object({
  version: z.string(),
  /** The URL third-party pages load Parley from (used in install snippets). */
  publicUrl: z.string(),
});
export type ServerMeta = z.infer<typeof ServerMeta>;
