import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../config/gateway-config.js';
import { rememberRequestId } from './client-errors.js';
import { refuseEncodedBodies } from './content-encoding.js';
import { drainBeforeErrorReplies } from './drain-body.js';
import { registerSecurityHeaders } from './security-headers.js';
import { applyServerLimits, registerH2BodyDeadline, serverLimitOptions } from './server-limits.js';

export { serverLimitOptions };

/** A refused body is drained up to this many times MAX_BODY_BYTES (and 256 MiB) before the answer. */
const DRAIN_FACTOR = 8;
const DRAIN_MAX_BYTES = 256 * 1024 * 1024;

/**
 * What the HTTP layer adds to the server, for every route (docs/limits.md): deadlines and the connection cap,
 * request ids for errors raised below Fastify, bodies drained before error answers, encoded bodies refused,
 * security headers. The adapter options come from serverLimitOptions.
 */
export function registerHttpLayer(fastify: FastifyInstance, config: GatewayConfig): void {
  applyServerLimits(fastify.server, config.serverLimits);
  fastify.addHook('onRequest', (request, _reply, done) => {
    rememberRequestId(request.raw, request.id);
    done();
  });
  registerH2BodyDeadline(fastify, config.serverLimits);
  const drainBytes = Math.min(DRAIN_FACTOR * config.maxBodyBytes, DRAIN_MAX_BYTES);
  drainBeforeErrorReplies(fastify, { maxBytes: drainBytes, timeoutMs: config.serverLimits.bodyTimeoutMs });
  refuseEncodedBodies(fastify);
  registerSecurityHeaders(fastify);
}
