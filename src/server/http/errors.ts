/**
 * One error body for every failure: `{ error: { code, message } }`. Messages are written
 * here, never copied from an exception, so no stack trace, SQL, library detail or request
 * value reaches a client.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody, ErrorCode, ErrorDetails } from '../../shared/server-api/http';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Fields added beside `error`, only where the route declares them (RouteDefinition.errors). */
    readonly extra?: Record<string, unknown>,
    /** Response headers that go with the error, such as `retry-after` with a 429. */
    readonly headers?: Record<string, string>,
    /** Facts a client acts on (tries left, seconds to wait), in the body's `error.details`. */
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** "body.device.name must NOT have more than 64 characters": names the field, never its value. */
export function validationMessage(issues: readonly ValidationIssue[], context: string | undefined): string {
  const issue = issues[0];
  if (!issue) return 'The request is not valid';
  const path = [context ?? 'body', ...(issue.instancePath ?? '').split('/').filter(Boolean)].join('.');
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'additionalProperties':
      return `${path} has an unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${path}.${String(params.missingProperty)} is required`;
    case 'type':
      return `${path} must be ${String(params.type)}`;
    default:
      // ajv's messages state the rule (length, pattern, allowed values), never the input.
      return `${path} ${issue.message ?? 'is not valid'}`;
  }
}

const knownFastifyErrors: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'The request body must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'The request body length is wrong' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The request body is empty: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The request body is not valid JSON' },
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers ?? {})
        .send({ ...errorBody(error.code, error.message, error.details), ...error.extra });
    }
    if (error.validation) {
      return reply.code(400).send(errorBody('invalid_request', validationMessage(error.validation, error.validationContext)));
    }
    const known = error.code ? knownFastifyErrors[error.code] : undefined;
    if (known) return reply.code(known.status).send(errorBody(known.code, known.message));
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.code(400).send(errorBody('invalid_request', 'The request body is not valid JSON'));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody('invalid_request', 'The request could not be processed'));
    }
    // Log the kind of failure, not the error object: a driver error can quote row values.
    request.log.error({ errorName: error.name, errorCode: error.code }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'The server could not complete the request'));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)));
}
