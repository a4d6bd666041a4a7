import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** 405 with `Allow` when the path exists under other methods, else 404: a wrong method is not a missing page. */
export function routeNotFound(request: FastifyRequest): ApiError {
  const path = request.url.split('?')[0] ?? '/';
  const allowed = METHODS.filter((method) => request.server.hasRoute({ url: path, method }));
  if (allowed.length > 0) {
    return new ApiError(405, `Method ${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`, 'method_not_allowed', null, {
      Allow: allowed.join(', '),
    });
  }
  return new ApiError(404, `No route for ${request.method} ${path}.`, 'not_found_error');
}
