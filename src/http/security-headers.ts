import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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

/** Queued like every plugin here: Fastify loads it at ready, after Nest has set its error handler. */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  void fastify.register(helmet, HELMET_OPTIONS);
}
