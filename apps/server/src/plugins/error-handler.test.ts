import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { toAppError } from './error-handler.js';

describe('AppError and toAppError', () => {
  it('renders RFC 9457 problem details with a stable code', () => {
    const err = new AppError('not_found', 'Bot not found');
    expect(err.statusCode).toBe(404);
    expect(err.toJSON('/api/v1/bots/1')).toEqual({
      type: 'https://parley.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'Bot not found',
      code: 'not_found',
      instance: '/api/v1/bots/1',
    });
  });

  it('keeps AppErrors as they are', () => {
    const err = new AppError('conflict', 'x');
    expect(toAppError(err)).toBe(err);
  });

  it('maps framework 4xx errors by code and status', () => {
    const bodyTooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toAppError(bodyTooLarge).code).toBe('payload_too_large');
    const badJson = Object.assign(new Error("Unexpected token '}'"), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(toAppError(badJson)).toMatchObject({ code: 'invalid_json', message: 'The request body is not valid JSON' });
    const limited = Object.assign(new Error('Rate limit exceeded'), { code: 'X', statusCode: 429 });
    expect(toAppError(limited).code).toBe('rate_limited');
  });

  it('hides unknown errors behind `internal`', () => {
    const err = toAppError(new TypeError('secret detail at /srv/app.js:1'));
    expect(err.code).toBe('internal');
    expect(err.statusCode).toBe(500);
    expect(err.message).not.toContain('secret');
    const fivexx = Object.assign(new Error('db down'), { code: 'ECONNREFUSED', statusCode: 503 });
    expect(toAppError(fivexx).code).toBe('internal');
  });
});
