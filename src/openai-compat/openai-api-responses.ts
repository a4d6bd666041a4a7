import { ApiError } from '../common/api-error.js';
import { unauthorized } from '../auth/bearer-token.js';
import { surfaceErrorResponses, type ErrorExamples } from '../docs/surface-error-responses.js';
import { mapUpstreamFailure } from '../providers/upstream-errors.js';
import { OpenAIErrorResponseDto } from './dto/openai-responses.dto.js';
import { toOpenAIError } from './openai-error.js';
import { unknownModel } from './openai-compat.service.js';

/** One example per status, rendered by the code that renders the real errors. */
const EXAMPLES: ErrorExamples = {
  400: ['Invalid request; `error.param` names the field.', ApiError.invalid('Unrecognized request argument supplied: tools_x', 'tools_x')],
  401: ['Missing or invalid API key.', unauthorized('Invalid API key.', true)],
  404: ['Unknown model (`model_not_found`).', unknownModel('gpt-5-nano')],
  413: ['The body exceeds MAX_BODY_BYTES.', new ApiError(413, 'Request body is larger than the gateway accepts.', 'payload_too_large')],
  429: ['Rate limit exceeded; `Retry-After` says when to retry.', new ApiError(429, 'Rate limit exceeded for this API key.', 'rate_limit_error')],
  502: ['The upstream provider failed.', mapUpstreamFailure({ provider: 'The upstream', status: 500 })],
  503: ['The model has no provider credentials configured.', new ApiError(503, 'The model is unavailable.', 'service_unavailable')],
  504: ['The upstream did not answer in time.', new ApiError(504, 'The upstream did not answer within the deadline.', 'upstream_timeout')],
};

/** The error statuses of an operation on /openai/v1, in OpenAI's ErrorResponse shape. */
export function ApiOpenAIErrors(...statuses: number[]): MethodDecorator {
  return surfaceErrorResponses(OpenAIErrorResponseDto, toOpenAIError, EXAMPLES, statuses);
}
