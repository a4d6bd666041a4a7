import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { requestIdFor } from './common/request-id.js';
import { lazyChildLoggerFactory } from './common/lazy-child-logger.js';
import { createRootLogger, PinoNestLogger } from './common/logger.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { serverProtocolOptions } from './config/server-transport.js';
import { setupSwagger } from './docs/swagger.js';
import { registerHttpLayer, serverLimitOptions } from './http/http-layer.js';
import { RequestLog } from './observability/request-log.js';

export interface GatewayOptions {
  /** Where log lines go (stdout by default); tests capture them here. */
  logDestination?: DestinationStream;
}

/** Builds the gateway application, initialised but not listening: main.ts and the e2e tests both use it. */
export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.logLevel, options.logDestination, config.logFormat);
  const adapter = new FastifyAdapter({
    // HTTP/1.1, HTTP/2 over TLS with HTTP/1.1 fallback, or h2c (docs/resilience.md).
    ...serverProtocolOptions(config.server),
    ...serverLimitOptions(config.serverLimits),
    loggerInstance: logger,
    // Fastify's own per-request lines are replaced by the single line of the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    bodyLimit: config.maxBodyBytes,
    genReqId: requestIdFor,
    // request.log is built on its first use only (most requests never log through it).
    childLoggerFactory: lazyChildLoggerFactory,
    requestIdHeader: false,
    return503OnClosing: true,
    // request.ip (the failed-authentication limit, the log line) is the X-Forwarded-For client only behind these.
    ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
  });
  const fastify = adapter.getInstance();
  // JSON only (seed §3): Fastify's JSON parser stays, its text/plain one goes, so other types answer 415.
  fastify.removeContentTypeParser('text/plain');
  registerHttpLayer(fastify, config);
  // One line and the request metrics per request (RequestLog, set once Nest is up, before anything listens).
  // A client that left before the answer is logged as 499 (nginx's "client closed request").
  let requestLog: RequestLog | undefined;
  const logRequest = (request: FastifyRequest, status: number, ms: number): void => requestLog?.ended(request, status, ms);
  // Callback-style hooks: an async one costs a promise per request and hook.
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    void reply.header('X-Request-Id', request.id);
    // Fastify's onRequestAbort misses clients that leave after sending their whole body; the response's 'close'
    // before its end does not.
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) logRequest(request, 499, performance.now() - started);
    });
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logRequest(request, reply.statusCode, reply.elapsedTime);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
  requestLog = app.get(RequestLog);
  setupSwagger(app);
  await app.init();
  return app;
}
