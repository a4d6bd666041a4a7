import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { addHeaders } from './reply-headers.js';

/**
 * Helmet's headers, tuned for a JSON API whose only page is Swagger UI at /docs: that page loads its scripts and
 * styles from /docs itself (no inline scripts; one inline <style> and React style attributes, hence
 * 'unsafe-inline' for styles only) and data: images. Nothing may frame any response (the Authorize box must
 * not be clickjacked), and nothing is upgraded to https, since the gateway may well serve plain HTTP.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' as const },
  // Swagger UI's "Try it out" and MCP browser clients read responses cross-origin only through CORS.
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
};

type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * Helmet's headers for HELMET_OPTIONS, computed once by running helmet against a recording response. Every option
 * here is static, so every response gets the same headers; @fastify/helmet rebuilt helmet's middleware (parsing
 * the CSP directives again) in two hooks for every request, about 4 % of a request's CPU (docs/benchmarks.md).
 */
export function securityHeaders(): HeaderList {
  const headers: Array<readonly [string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(HELMET_OPTIONS)(recorder as never, recorder, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * A root onRequest hook: every route, plugin scopes and error answers included, gets the headers. They go into
 * the reply's own header object, which Fastify hands to one `writeHead` with the rest, never through the raw
 * response's `setHeader`: one raw header puts every other header of the response on Node's slow path too (each
 * lower-cased, validated and stored as a pair, then merged), about 18 µs of a `GET /v1/models` and 50 µs of a
 * `POST /v1/complete` (docs/benchmarks.md). Every answer of this gateway leaves through `reply.send`.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers: Readonly<Record<string, string>> = Object.freeze(
    Object.fromEntries(securityHeaders().map(([name, value]) => [name.toLowerCase(), value])) as Record<string, string>,
  );
  fastify.addHook('onRequest', (_request, reply, done) => {
    addHeaders(reply, headers);
    done();
  });
}
