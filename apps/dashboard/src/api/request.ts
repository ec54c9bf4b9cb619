import { ApiError } from './ApiError';

/** Anything with a zod-style `parse`: every schema exported by @parley/contracts. */
export interface Schema<T> {
  parse(input: unknown): T;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestContext {
  /** Sent as `x-csrf-token` on every non-GET request. */
  csrfToken?: string | null;
  /** Sent as `x-parley-org` to select the organization for org-scoped routes. */
  orgId?: string | null;
  /** Called when an authenticated call answers that the session has ended. */
  onUnauthorized?: ((error: ApiError) => void) | null;
  signal?: AbortSignal;
}

export interface RequestOptions extends RequestContext {
  method?: Method;
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead, with this content type (e.g. a Markdown document). */
  text?: { contentType: string; content: string };
}

const sessionEndedCodes = new Set(['unauthorized', 'session_expired']);

async function send(options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = new Headers({ accept: 'application/json' });
  const body = options.text ? options.text.content : options.body === undefined ? null : JSON.stringify(options.body);
  if (options.text) headers.set('content-type', options.text.contentType);
  else if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (method !== 'GET' && options.csrfToken) headers.set('x-csrf-token', options.csrfToken);
  if (options.orgId) headers.set('x-parley-org', options.orgId);

  let response: Response;
  try {
    response = await fetch(options.path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw ApiError.network();
  }

  if (!response.ok) {
    const error = await ApiError.fromResponse(response);
    // Only these mean "no session"; e.g. a wrong current password is a 401 `invalid_credentials`.
    if (sessionEndedCodes.has(error.code) && options.onUnauthorized) options.onUnauthorized(error);
    throw error;
  }
  return response;
}

/** Sends a request and validates the JSON response with `schema`. */
export async function requestJson<T>(schema: Schema<T>, options: RequestOptions): Promise<T> {
  const response = await send(options);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw ApiError.badResponse('The server response was not valid JSON.');
  }
  try {
    return schema.parse(json);
  } catch (error) {
    console.error(`Unexpected response from ${options.method ?? 'GET'} ${options.path}`, error);
    throw ApiError.badResponse();
  }
}

/** Sends a request that answers 204 No Content. */
export async function requestEmpty(options: RequestOptions): Promise<void> {
  await send(options);
}
