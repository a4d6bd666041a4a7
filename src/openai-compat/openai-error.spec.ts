import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { unauthorized } from '../auth/bearer-token.js';
import { toOpenAIError } from './openai-error.js';
import { unknownModel } from './openai-compat.service.js';

describe('toOpenAIError', () => {
  it.each([
    [ApiError.invalid("Invalid 'n': must be an integer.", 'n'), { type: 'invalid_request_error', param: 'n', code: null }],
    [unauthorized('Invalid API key.', true), { type: 'invalid_request_error', param: null, code: 'invalid_api_key' }],
    [unknownModel('x'), { type: 'invalid_request_error', param: 'model', code: 'model_not_found' }],
    [new ApiError(404, 'No route for GET /openai/v1/x.', 'not_found_error'), { type: 'invalid_request_error', param: null, code: 'not_found_error' }],
    [new ApiError(413, 'too large', 'payload_too_large'), { type: 'invalid_request_error', param: null, code: 'payload_too_large' }],
    [new ApiError(429, 'slow down', 'rate_limit_error'), { type: 'requests', param: null, code: 'rate_limit_exceeded' }],
    [new ApiError(504, 'late', 'upstream_timeout'), { type: 'server_error', param: null, code: 'upstream_timeout' }],
    [new ApiError(500, 'Internal server error.', 'internal_error'), { type: 'server_error', param: null, code: 'internal_error' }],
  ])('renders %s in OpenAI\'s shape', (error, expected) => {
    expect(toOpenAIError(error)).toEqual({ error: { message: error.message, ...expected } });
  });
});
