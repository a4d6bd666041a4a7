import type { ApiError } from '../common/api-error.js';
import type { ErrorSurface } from '../common/error-surface.js';

/** Where the surface lives; every error under it is answered in OpenAI's shape. */
export const OPENAI_PATH_PREFIX = '/openai/';

/** OpenAI's ErrorResponse: what the OpenAI SDKs parse (docs/openai-compatible.md, "Errors"). */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * An ApiError in OpenAI's shape. The type and code follow OpenAI's conventions where it has one (401
 * `invalid_api_key`, 429 type `requests` and code `rate_limit_exceeded`, 5xx type `server_error`); otherwise the
 * code is the gateway's own error type (e.g. `upstream_timeout`), and null for plain invalid requests.
 */
export function toOpenAIError(error: ApiError): OpenAIErrorBody {
  const { status, message, param } = error;
  const body = (type: string, code: string | null): OpenAIErrorBody => ({ error: { message, type, param, code } });
  if (status === 401) return body('invalid_request_error', 'invalid_api_key');
  if (status === 429) return body('requests', 'rate_limit_exceeded');
  if (status >= 500) return body('server_error', error.type);
  if (error.type === 'not_found_error' && param === 'model') return body('invalid_request_error', 'model_not_found');
  return body('invalid_request_error', error.type === 'invalid_request_error' ? null : error.type);
}

export const OPENAI_ERROR_SURFACE: ErrorSurface = {
  pathPrefix: OPENAI_PATH_PREFIX,
  render: (error) => toOpenAIError(error),
};
