import type { Http2ServerRequest } from 'node:http2';
import type { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../common/api-error.js';
import type { ServerLimits } from '../config/server-limits.js';
import { createClientErrorHandler } from './client-errors.js';

/** Node's HTTP/1 server settings: its deadlines are checked on an interval, 30 s by default. */
interface Http1Deadlines {
  headersTimeout?: number;
  requestTimeout?: number;
  keepAliveTimeout?: number;
  connectionsCheckingInterval?: number;
}

/** The FastifyAdapter options for the limits (spread into them, like the transport's). */
/** Node's default --max-http-header-size: no path parameter can be longer than the request line. */
export const MAX_PATH_PARAM_LENGTH = 16_384;

export function serverLimitOptions(limits: ServerLimits) {
  return {
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.bodyTimeoutMs,
    // HTTP/2's counterpart of keep-alive: an idle session is closed after this.
    http2SessionTimeout: limits.keepAliveTimeoutMs,
    clientErrorHandler: createClientErrorHandler(limits),
    // The router refuses no path parameter for its length (its default, 100, answered a raw 414 outside every
    // surface's shape): the request line is bounded by the header size (431), and a long id is as unknown as any.
    // Under routerOptions: Fastify 5 deprecates the top-level option (FSTDEP022, printed at start).
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
  };
}

/**
 * Applies the limits to the server itself, before it listens. The same properties serve plain HTTP/1.1 and the
 * HTTP/1.1 fallback of the TLS server (Node sets them up there too); HTTP/2 streams get registerH2BodyDeadline.
 */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
  const http1 = server as Server & Http1Deadlines;
  http1.headersTimeout = limits.headersTimeoutMs;
  http1.requestTimeout = limits.bodyTimeoutMs;
  http1.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Checked often enough that a deadline fires within a quarter of itself (at most 1 s) of being due.
  http1.connectionsCheckingInterval = Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
}

/**
 * Node's deadlines cover HTTP/1 only: on HTTP/2 (h2c, or h2 over TLS) each stream whose body has not ended in
 * BODY_TIMEOUT_MS is answered 408 (through the route's error handler, so each surface keeps its shape) and closed.
 */
export function registerH2BodyDeadline(fastify: FastifyInstance, limits: ServerLimits): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.raw.httpVersionMajor !== 2) return done();
    const timer = setTimeout(() => {
      if (request.raw.complete || reply.sent) return;
      // The stream's own 'finish' (its side written): the response's 'finish' waits for the stream to close.
      const stream = (request.raw as unknown as Http2ServerRequest).stream;
      stream.once('finish', () => stream.close());
      const message = `The request body did not arrive within ${limits.bodyTimeoutMs} ms (BODY_TIMEOUT_MS).`;
      void reply.send(new ApiError(408, message, 'request_timeout'));
    }, limits.bodyTimeoutMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
