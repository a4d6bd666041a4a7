import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../common/api-error.js';
import { validateBody } from '../../common/validate-body.js';
import { CompleteRequestDto } from './complete-request.dto.js';
import { isStopSequences } from './stop-sequences.validator.js';

function problem(body: unknown): { param: string | null; message: string } | undefined {
  try {
    validateBody(CompleteRequestDto, body);
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { param: error.param, message: error.message };
  }
}

describe('CompleteRequestDto through validateBody', () => {
  it('accepts the seed example', () => {
    expect(problem({ model: 'gpt-4o', prompt: 'Write a poem about the ocean.', max_tokens: 50, temperature: 0.7, stop: ['\n'] })).toBeUndefined();
  });

  it('reports a type problem before a range problem', () => {
    expect(problem({ model: 'gpt-4o', prompt: 'x', max_tokens: '50' })).toEqual({ param: 'max_tokens', message: "Invalid 'max_tokens' parameter: must be an integer." });
  });

  it('names unknown fields', () => {
    expect(problem({ model: 'gpt-4o', prompt: 'x', max_token: 5 })).toEqual({ param: 'max_token', message: "Unknown parameter 'max_token'." });
  });

  it('rejects non-objects without naming a field', () => {
    expect(problem(null)).toEqual({ param: null, message: 'Request body must be a JSON object.' });
    expect(problem([1])).toEqual({ param: null, message: 'Request body must be a JSON object.' });
  });

  it('does not let __proto__ or constructor keys through or crash', () => {
    expect(problem(JSON.parse('{"model":"gpt-4o","prompt":"x","__proto__":{"admin":true}}'))).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('isStopSequences', () => {
  it.each([
    ['x', true],
    ['', false],
    [['a', 'b', 'c', 'd'], true],
    [['a', 'b', 'c', 'd', 'e'], false],
    [['a', ''], false],
    [[1], false],
    [{}, false],
  ])('%j → %s', (value, expected) => {
    expect(isStopSequences(value)).toBe(expected);
  });
});
