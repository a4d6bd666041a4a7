import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { anthropicErrorType, toAnthropicError } from './anthropic-error.js';

describe('Anthropic error shape', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [405, 'invalid_request_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'api_error'],
  ])('status %i → %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it('keeps the gateway\'s message and adds the request id', () => {
    const budget = new ApiError(429, 'This key has spent its budget.', 'budget_exceeded');
    expect(toAnthropicError(budget, 'req1')).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'This key has spent its budget.' }, request_id: 'req1' });
  });
});
