import { HttpException } from '@nestjs/common';
import { ApiError, type ErrorType } from './api-error.js';
import { failure, type ErrorEnvelope } from './envelope.js';

export interface ErrorResponse {
  status: number;
  body: ErrorEnvelope;
  /** The error answered, for surfaces that render it in their own shape. */
  error: ApiError;
  headers: Record<string, string>;
  /** Set for failures nobody planned: worth an error log line with the stack. */
  unexpected?: unknown;
}

const TYPE_BY_STATUS: Record<number, ErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limit_error',
  502: 'upstream_error',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

/** The 413 message, stating the limit (the route's body limit, MAX_BODY_BYTES) when it is known. */
export function bodyTooLargeMessage(limitBytes: number | undefined): string {
  const limit = limitBytes === undefined ? '' : ` (at most ${limitBytes} bytes, MAX_BODY_BYTES)`;
  return `Request body is larger than the gateway accepts${limit}.`;
}

/** 415: the gateway reads JSON bodies only. */
export function unsupportedMediaType(): ApiError {
  return new ApiError(415, "Unsupported Content-Type: send the body as JSON with 'Content-Type: application/json'.", 'unsupported_media_type');
}

/** 413, stating the limit when it is known. */
export function bodyTooLarge(limitBytes: number | undefined): ApiError {
  return new ApiError(413, bodyTooLargeMessage(limitBytes), 'payload_too_large');
}

/** Fastify's own request errors, by code, with messages that say what to fix. */
const FASTIFY_ERRORS: Record<string, (bodyLimit?: number) => ApiError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: unsupportedMediaType,
  FST_ERR_CTP_BODY_TOO_LARGE: bodyTooLarge,
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ApiError.invalid('Request body is empty; send a JSON object.', null),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ApiError.invalid('Request body is not valid JSON.', null),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ApiError.invalid('Content-Length does not match the body.', null),
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

function isFastifyLike(error: unknown): error is FastifyLikeError {
  return typeof error === 'object' && error !== null && ('statusCode' in error || 'code' in error);
}

/** Maps anything thrown while serving a request to an ApiError, or undefined when it was not planned for. */
export function asApiError(error: unknown, bodyLimit?: number): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpException) {
    // Nest wraps Fastify's request errors (bad JSON, body too large, media type) with the original as cause.
    const cause: unknown = error.cause;
    const fastifyCode = isFastifyLike(cause) && typeof cause.code === 'string' ? cause.code : undefined;
    const mapped = fastifyCode === undefined ? undefined : FASTIFY_ERRORS[fastifyCode];
    if (mapped) return mapped(bodyLimit);
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response && typeof response.message === 'string'
        ? response.message
        : error.message;
    return new ApiError(status, message, TYPE_BY_STATUS[status] ?? (status < 500 ? 'invalid_request_error' : 'internal_error'));
  }
  if (isFastifyLike(error)) {
    const mapped = typeof error.code === 'string' ? FASTIFY_ERRORS[error.code] : undefined;
    if (mapped) return mapped(bodyLimit);
    const status = error.statusCode;
    // A JSON syntax error from the body parser carries statusCode 400 and no FST code.
    if (error instanceof SyntaxError && status === 400) return ApiError.invalid('Request body is not valid JSON.', null);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return new ApiError(status, 'The request could not be read.', TYPE_BY_STATUS[status] ?? 'invalid_request_error');
    }
  }
  return undefined;
}

export function errorResponse(error: unknown, requestId: string, bodyLimit?: number): ErrorResponse {
  const known = asApiError(error, bodyLimit);
  const apiError = known ?? new ApiError(500, 'Internal server error.', 'internal_error');
  return {
    status: apiError.status,
    headers: { ...apiError.headers },
    error: apiError,
    body: failure({
      code: apiError.status,
      message: apiError.message,
      type: apiError.type,
      param: apiError.param,
      request_id: requestId,
    }),
    unexpected: known ? undefined : error,
  };
}
