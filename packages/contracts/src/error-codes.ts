import { z } from 'zod';

/**
 * Stable machine-readable error codes. Clients switch on `code`, never on
 * `title` or `detail`. Codes are never renamed once released.
 */
export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'invalid_credentials',
  'session_expired',
  'api_key_revoked',
  'csrf_failed',
  'forbidden',
  'not_found',
  'conflict',
  'release_immutable',
  'version_taken',
  'last_owner',
  'invitation_invalid',
  'rate_limited',
  'method_not_allowed',
  'not_ready',
  'internal',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** RFC 9457 problem details, as rendered by the server for every error. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: ErrorCode,
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional(),
});
export type Problem = z.infer<typeof Problem>;
