import type { FastifyRequest } from 'fastify';
import type { ApiError } from '../common/api-error.js';
import type { ErrorSurface } from '../common/error-surface.js';

/** Where the surface lives; every error under it is answered in Anthropic's shape. */
export const ANTHROPIC_PATH_PREFIX = '/anthropic/';

/** Anthropic's error body: what the Anthropic SDKs and Claude Code parse. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

/** Anthropic's error type for a status (its "Errors" page); other client errors read as invalid requests. */
export function anthropicErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** An ApiError in Anthropic's shape; the message keeps the gateway's words (budget, upstream, field names). */
export function toAnthropicError(error: ApiError, requestId?: string): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: anthropicErrorType(error.status), message: error.message },
    ...(requestId ? { request_id: requestId } : {}),
  };
}

export const ANTHROPIC_ERROR_SURFACE: ErrorSurface = {
  pathPrefix: ANTHROPIC_PATH_PREFIX,
  render: (error: ApiError, request: FastifyRequest) => toAnthropicError(error, request.id),
};
