import type { ErrorCode } from '@parley/contracts';

export interface FieldError {
  path: string;
  message: string;
}

const titles: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  invalid_json: 'Malformed JSON',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Payload too large',
  unauthorized: 'Authentication required',
  invalid_credentials: 'Invalid credentials',
  session_expired: 'Session expired',
  api_key_revoked: 'API key revoked',
  csrf_failed: 'CSRF check failed',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  release_immutable: 'Release is not a draft',
  version_taken: 'Version already exists',
  last_owner: 'Last owner',
  invitation_invalid: 'Invitation invalid',
  rate_limited: 'Too many requests',
  method_not_allowed: 'Method not allowed',
  not_ready: 'Not ready',
  internal: 'Internal server error',
};

const statuses: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_credentials: 401,
  session_expired: 401,
  api_key_revoked: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  release_immutable: 409,
  version_taken: 409,
  last_owner: 409,
  invitation_invalid: 404,
  rate_limited: 429,
  method_not_allowed: 405,
  not_ready: 503,
  internal: 500,
};

/**
 * The one error type services throw. It carries a stable `code`; the error plugin
 * renders it as RFC 9457 problem+json. Services never throw framework errors.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  /** `statusCode` is what Fastify and its plugins read. */
  readonly statusCode: number;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.code = code;
    this.statusCode = statuses[code];
    this.errors = errors;
  }

  get title(): string {
    return titles[this.code];
  }

  toJSON(instance?: string) {
    return {
      type: `https://parley.dev/problems/${this.code.replaceAll('_', '-')}`,
      title: this.title,
      status: this.statusCode,
      detail: this.message,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
