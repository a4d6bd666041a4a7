import { unauthorized } from '../auth/bearer-token.js';
import { ApiError } from '../common/api-error.js';
import { surfaceErrorResponses, type ErrorExamples } from '../docs/surface-error-responses.js';
import { mapUpstreamFailure } from '../providers/upstream-errors.js';
import { AnthropicErrorResponseDto } from './dto/anthropic-messages.dto.js';
import { toAnthropicError } from './anthropic-error.js';

/** One example per status, rendered by the code that renders the real errors. */
const EXAMPLES: ErrorExamples = {
  400: ['Invalid request; the message names the field.', ApiError.invalid("top_k: cannot be translated for model 'gpt-4o', whose provider does not speak Anthropic's Messages API; remove it or use an Anthropic model.", 'top_k')],
  401: ['Missing or invalid API key (`x-api-key` or `Authorization: Bearer`).', unauthorized('Invalid API key.', true)],
  403: ['The key may not use this model.', new ApiError(403, "This API key may not use model 'claude'.", 'permission_denied', 'model')],
  404: ['Unknown model.', new ApiError(404, 'model: claude-9', 'not_found_error', 'model')],
  413: ['The body exceeds MAX_BODY_BYTES.', new ApiError(413, 'Request body is larger than the gateway accepts.', 'payload_too_large')],
  429: ['Rate limit or budget exceeded; `retry-after` says when to retry.', new ApiError(429, 'Rate limit exceeded for this API key.', 'rate_limit_error')],
  502: ['The upstream provider failed.', mapUpstreamFailure({ provider: 'The upstream', status: 500 })],
  503: ['The model has no provider credentials configured.', new ApiError(503, 'The model is unavailable.', 'service_unavailable')],
  504: ['The upstream did not answer in time.', new ApiError(504, 'The upstream did not answer within the deadline.', 'upstream_timeout')],
};

/** The error statuses of an operation on /anthropic/v1, in Anthropic's error shape. */
export function ApiAnthropicErrors(...statuses: number[]): MethodDecorator {
  return surfaceErrorResponses(AnthropicErrorResponseDto, (error) => toAnthropicError(error, 'c0ffee0123456789'), EXAMPLES, statuses);
}
