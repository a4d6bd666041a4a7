import type { FastifyRequest } from 'fastify';
import { DOCS_PATH } from '../docs/swagger.js';

/** The Fastify route-config entry saying how a route is admitted (set by @Public(), or by a route itself). */
export const ADMISSION = 'admission';

/**
 * How the admission hook treats a request, decided by the route it matched (never by the raw URL):
 * - `key`: a client key is required (every route unless it says otherwise);
 * - `public`: no key (@Public() routes, the Swagger UI and its documents);
 * - `self`: the route runs KeyAuthenticator itself, at its own point of its onRequest hooks (/mcp answers in
 *   JSON-RPC, after its Origin check);
 * - `admin`: an admin key from GATEWAY_ADMIN_KEYS (the /admin/v1 routes, docs/teams.md);
 * - `unmatched`: no route, so nothing to protect: the 404 / 405 answer is given without a key.
 */
export type RouteAdmission = 'key' | 'public' | 'self' | 'admin' | 'unmatched';

export interface AdmissionRouteConfig {
  [ADMISSION]?: 'public' | 'self' | 'admin';
}

const DOCS = `/${DOCS_PATH}`;

/** Swagger UI (/docs, its assets under /docs/) and its documents (/docs-json, /docs-yaml), registered outside Nest. */
function isDocsRoute(url: string): boolean {
  return url === DOCS || url.startsWith(`${DOCS}/`) || url.startsWith(`${DOCS}-`);
}

export function routeAdmission(request: FastifyRequest): RouteAdmission {
  const url = request.routeOptions.url;
  if (request.is404 || url === undefined) return 'unmatched';
  const declared = (request.routeOptions.config as AdmissionRouteConfig | undefined)?.[ADMISSION];
  if (declared !== undefined) return declared;
  return isDocsRoute(url) ? 'public' : 'key';
}
