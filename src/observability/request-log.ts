import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { loggedPath } from '../http/log-path.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { existingFactsOf } from './request-facts.js';
import { RequestLine } from './request-line.js';

/** Longest prompt a log line carries with LOG_PAYLOADS=true; the rest is cut. */
export const LOG_PAYLOAD_MAX_CHARS = 2000;

/**
 * The end of every request: its one log line and its request metrics (docs/observability.md). The line carries
 * what was asked (route pattern, bounded path), by which key (fingerprint, never the key), how it ended, and the
 * request's facts (model, provider, served_by, attempts, tokens, upstream time, error type). Never headers or
 * bodies; the prompt only with LOG_PAYLOADS=true, cut to LOG_PAYLOAD_MAX_CHARS. Written as text at a fixed small
 * cost (RequestLine), in the same shape pino writes.
 */
@Injectable()
export class RequestLog {
  private readonly logPayloads: boolean;

  constructor(
    private readonly metrics: GatewayMetrics,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.logPayloads = config.observability.logPayloads;
  }

  /** `status` 499 when the client left before the answer. */
  ended(request: FastifyRequest, status: number, ms: number): void {
    const facts = existingFactsOf(request);
    // routeOptions builds an object on each read: read it once.
    const route = request.is404 ? undefined : request.routeOptions.url;
    this.metrics.requestEnded(route, request.method, status, ms, facts);
    const log = request.server.log as Logger;
    const line = RequestLine.start(log, request.id, request.method, route);
    if (line === undefined) return;
    line
      .quoted('path', loggedPath(request.url))
      .measure('status', status)
      .measure('ms', Math.round(ms))
      // The client's address as TRUST_PROXY lets Fastify read it (X-Forwarded-For only from trusted proxies).
      .quoted('client_ip', request.ip)
      .quoted('key_id', (request as AuthenticatedRequest).client?.keyId);
    if (facts !== undefined) {
      const completion = facts.model !== undefined;
      line
        .known('model', facts.model)
        .known('provider', facts.provider)
        .known('served_by', facts.servedBy)
        .measure('attempts', completion ? facts.attempts : undefined)
        .measure('prompt_tokens', facts.promptTokens)
        .measure('completion_tokens', facts.completionTokens)
        .measure('tools', facts.tools)
        .measure('images', facts.images)
        .measure('upstream_ms', facts.attempts > 0 ? Math.round(facts.upstreamMs) : undefined)
        .measure('ttft_ms', facts.firstTokenMs === undefined ? undefined : Math.round(facts.firstTokenMs))
        .known('error_type', facts.errorType)
        .quoted('prompt', this.logPayloads && facts.prompt !== undefined ? cut(facts.prompt) : undefined);
    }
    line.write(log);
  }
}

function cut(text: string): string {
  return text.length > LOG_PAYLOAD_MAX_CHARS ? `${text.slice(0, LOG_PAYLOAD_MAX_CHARS)}…` : text;
}
