import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { errorSurfaceFor, type ErrorSurface } from './error-surface.js';

const SURFACE: ErrorSurface = { pathPrefix: '/openai/', render: () => ({}) };
const at = (url: string): FastifyRequest => ({ url }) as FastifyRequest;

describe('errorSurfaceFor', () => {
  it('finds the surface by path prefix, matched route or not, ignoring the query', () => {
    expect(errorSurfaceFor([SURFACE], at('/openai/v1/models'))).toBe(SURFACE);
    expect(errorSurfaceFor([SURFACE], at('/openai/v1/nothing?x=/v1'))).toBe(SURFACE);
  });

  it('leaves every other path to the envelope', () => {
    expect(errorSurfaceFor([SURFACE], at('/v1/complete'))).toBeUndefined();
    expect(errorSurfaceFor([SURFACE], at('/v1/x?next=/openai/'))).toBeUndefined();
    expect(errorSurfaceFor([], at('/openai/v1/models'))).toBeUndefined();
  });
});
