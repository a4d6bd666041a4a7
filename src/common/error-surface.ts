import type { FastifyRequest } from 'fastify';
import type { ApiError } from './api-error.js';

/**
 * A part of the API whose clients parse errors in another shape than the envelope (the OpenAI-compatible surface):
 * every error of a request under its path prefix, matched route or not, is rendered by it. Features provide
 * theirs under ERROR_SURFACES (wired in AppModule), so src/common knows no feature.
 */
export interface ErrorSurface {
  /** e.g. `/openai/`; compared with the request path. */
  readonly pathPrefix: string;
  render(error: ApiError, request: FastifyRequest): unknown;
}

export const ERROR_SURFACES = Symbol('ERROR_SURFACES');

/** The surface a request belongs to, by its path, or undefined for the envelope. */
export function errorSurfaceFor(surfaces: readonly ErrorSurface[], request: FastifyRequest): ErrorSurface | undefined {
  if (surfaces.length === 0) return undefined;
  const path = request.url.split('?', 1)[0] ?? '';
  return surfaces.find((surface) => path.startsWith(surface.pathPrefix));
}
