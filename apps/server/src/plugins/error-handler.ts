import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@parley/contracts';
import { AppError } from '../errors/app-error.js';
import { createAllowedMethods } from './allowed-methods.js';

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_BAD_URL: 'validation_failed',
  FST_ERR_NOT_FOUND: 'not_found',
};

const byStatus: Record<number, ErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps anything thrown during a request to an AppError; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: [error.validationContext ?? '', ...v.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.'),
      message: v.message ?? 'is invalid',
    }));
    const first = errors[0];
    return new AppError(
      'validation_failed',
      first ? `${first.path || 'request'}: ${first.message}` : 'The request is invalid',
      errors,
    );
  }
  if (isFastifyError(error)) {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = frameworkCodes[error.code] ?? byStatus[status] ?? 'validation_failed';
      return new AppError(code, describe(code, error.message));
    }
  }
  return new AppError('internal', 'An unexpected error occurred; it has been logged.');
}

function describe(code: ErrorCode, message: string): string {
  switch (code) {
    case 'invalid_json':
      return 'The request body is not valid JSON';
    case 'payload_too_large':
      return 'The request body is larger than the server accepts';
    case 'unsupported_media_type':
      return 'Send the body as application/json';
    default:
      return message;
  }
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .status(error.statusCode)
    .type('application/problem+json; charset=utf-8')
    .send(error.toJSON(request.url.split('?')[0]));
}

/** Renders every error as RFC 9457 problem+json. Stack traces stay in the log. */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error);
      if (appError.code === 'internal') {
        request.log.error({ err: error }, 'unhandled error');
      } else if (appError.statusCode >= 500) {
        request.log.warn({ err: error, code: appError.code }, appError.message);
      }
      return sendProblem(request, reply, appError);
    });
    const routes = createAllowedMethods();
    app.addHook('onRoute', (route) => routes.add(route.method, route.url));
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const allowed = routes.allowedFor(path);
      // A route for this very method sent it here (a static file that is not there): not found.
      if (allowed.length > 0 && !allowed.some((m) => m === request.method)) {
        void reply.header('allow', allowed.join(', '));
        return sendProblem(request, reply, new AppError('method_not_allowed', `${request.method} is not allowed on ${path}; it allows ${allowed.join(', ')}`));
      }
      return sendProblem(request, reply, new AppError('not_found', `No route for ${request.method} ${path}`));
    });
  },
  { name: 'parley-errors' },
);
