export type LlmErrorCode = 'timeout' | 'http_error' | 'bad_response' | 'circuit_open' | 'budget_exhausted';

/**
 * Why an LLM call gave no answer. The message never carries the API key or the endpoint's response body
 * (an endpoint may echo what it was sent); `partialText` is what had streamed before the failure.
 */
export class LlmError extends Error {
  override name = 'LlmError';
  readonly code: LlmErrorCode;
  /** HTTP status of an http_error. */
  readonly status: number | undefined;
  partialText = '';

  constructor(code: LlmErrorCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Failures of the endpoint itself (these count towards opening its circuit). */
export function isEndpointFailure(error: unknown): boolean {
  return error instanceof LlmError && (error.code === 'timeout' || error.code === 'http_error' || error.code === 'bad_response');
}
