import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../common/api-error.js';
import { validateBody } from '../../common/validate-body.js';
import { CompleteRequestDto } from './complete-request.dto.js';
import { isStopSequences } from './stop-sequences.validator.js';

function problem(body: unknown, maxDepth?: number): { param: string | null; message: string } | undefined {
  try {
    validateBody(CompleteRequestDto, body, maxDepth);
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

  it('refuses __proto__ by name, without polluting anything', () => {
    expect(problem(JSON.parse('{"model":"gpt-4o","prompt":"x","__proto__":{"admin":true}}'))).toEqual({
      param: '__proto__',
      message: "Unknown parameter '__proto__'.",
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each(['constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__'])(
    'refuses %s as an unknown field (class-transformer used to skip it)',
    (name) => {
      expect(problem({ model: 'gpt-4o', prompt: 'x', [name]: 1 })).toEqual({ param: name, message: `Unknown parameter '${name}'.` });
    },
  );

  it('names a reserved key nested anywhere by its path', () => {
    expect(problem({ model: 'gpt-4o', prompt: 'x', stop: [{ constructor: { prototype: 1 } }] })).toEqual({
      param: 'stop.0.constructor',
      message: "Unknown parameter 'stop.0.constructor'.",
    });
  });

  it('echoes at most 64 characters of an unknown field name', () => {
    const name = 'k'.repeat(1_000_000);
    const bounded = `${'k'.repeat(64)}…`;
    expect(problem({ model: 'gpt-4o', prompt: 'x', [name]: 1 })).toEqual({ param: bounded, message: `Unknown parameter '${bounded}'.` });
  });
});

describe('nesting depth, checked before anything recursive', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'x';
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };

  it('accepts a body up to the limit and names the field beyond it', () => {
    // The body is level 1, so a field may hold 31 more levels under a limit of 32; 32 go over it.
    expect(problem({ model: 'gpt-4o', prompt: 'x', extra: nested(31) }, 32)).toEqual({
      param: 'extra',
      message: "Unknown parameter 'extra'.",
    });
    expect(problem({ model: 'gpt-4o', prompt: 'x', extra: nested(32) }, 32)).toEqual({
      param: 'extra',
      message: "JSON nested too deeply in 'extra': at most 32 levels of objects and arrays are accepted.",
    });
  });

  it('answers 400 for 100,000 levels instead of overflowing the stack', () => {
    expect(problem({ model: 'gpt-4o', prompt: 'x', stop: nested(100_000) })).toEqual({
      param: 'stop',
      message: "JSON nested too deeply in 'stop': at most 32 levels of objects and arrays are accepted.",
    });
    expect(problem(nested(100_000), 5)).toEqual({ param: null, message: 'JSON nested too deeply: at most 5 levels of objects and arrays are accepted.' });
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
