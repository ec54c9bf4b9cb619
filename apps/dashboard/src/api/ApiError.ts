import { Problem } from '@parley/contracts';

export interface FieldError {
  path: string;
  message: string;
}

interface ApiErrorInit {
  status: number;
  code: string;
  title: string;
  detail: string;
  fieldErrors?: FieldError[];
}

/**
 * Every failed API call ends up as an ApiError: problem+json responses keep their
 * `code`, `detail` and per-field `errors`; network failures and malformed responses
 * get their own codes so the UI can always show something meaningful.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];

  constructor(init: ApiErrorInit) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
  }

  static network(): ApiError {
    return new ApiError({
      status: 0,
      code: 'network_error',
      title: 'Network error',
      detail: 'Could not reach the Parley server. Check your connection and try again.',
    });
  }

  static badResponse(detail = 'The server sent a response the dashboard did not understand.'): ApiError {
    return new ApiError({ status: 0, code: 'bad_response', title: 'Unexpected response', detail });
  }

  static validation(fieldErrors: FieldError[], detail = 'Please correct the highlighted fields.'): ApiError {
    return new ApiError({
      status: 400,
      code: 'validation_failed',
      title: 'Check your input',
      detail,
      fieldErrors,
    });
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const fallback = new ApiError({
      status: response.status,
      code: response.status >= 500 ? 'internal' : 'http_error',
      title: response.statusText || 'Request failed',
      detail: `The request failed (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}).`,
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fallback;
    }
    const problem = Problem.safeParse(body);
    if (problem.success) {
      return new ApiError({
        status: problem.data.status,
        code: problem.data.code,
        title: problem.data.title,
        detail: problem.data.detail,
        fieldErrors: problem.data.errors ?? [],
      });
    }
    // A problem document with a code this dashboard does not know yet: still show its detail.
    if (typeof body === 'object' && body !== null && 'detail' in body && typeof body.detail === 'string') {
      return new ApiError({
        status: response.status,
        code: 'code' in body && typeof body.code === 'string' ? body.code : fallback.code,
        title: 'title' in body && typeof body.title === 'string' ? body.title : fallback.title,
        detail: body.detail,
      });
    }
    return fallback;
  }
}

/** Turns anything thrown by the API layer (or by a bug) into an ApiError for display. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'client_error',
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
  });
}

/** Error messages whose path names the given field (`allowedOrigins`, `allowedOrigins.2`, `/body/allowedOrigins/0`…). */
export function fieldErrorFor(error: ApiError | null | undefined, field: string): string | undefined {
  if (!error) return undefined;
  const messages = error.fieldErrors.filter((e) => fieldOf(e.path) === field).map((e) => e.message);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** The first meaningful segment of an error path. */
export function fieldOf(path: string): string {
  const segments = path.split(/[./[\]]+/).filter((s) => s.length > 0 && s !== 'body');
  return segments[0] ?? '';
}
