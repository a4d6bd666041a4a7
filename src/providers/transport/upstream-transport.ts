import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, Client, Pool, type Dispatcher } from 'undici';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import type { UpstreamRequest } from '../provider-definition.js';
import { cancelled, unreachable } from '../upstream-errors.js';
import { failureCode, networkReason, TLS_TRUST_CODES } from './network-failure.js';
import { upstreamCa } from './upstream-ca.js';

/** Concurrent streams on one HTTP/2 connection (Node's and most servers' default MAX_CONCURRENT_STREAMS is 100+). */
const H2_STREAMS = 100;

/** An upstream answer of any status; the body is still on the wire (read it once: readBody, or iterate it). */
export interface UpstreamReply {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
}

function flatHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

/** The failure a request (or its body) that got no complete answer becomes; see docs/providers.md "Transport". */
export function transportFailure(label: string, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return cancelled(label);
  const code = failureCode(error);
  if (code === undefined && !(error instanceof Error)) return error;
  const message = error instanceof Error ? error.message : '';
  // Another attempt cannot fix an untrusted certificate.
  return unreachable(label, networkReason(code, message), !(code !== undefined && TLS_TRUST_CODES.has(code)));
}

/**
 * The completions data path: one undici Agent (a keep-alive pool per origin, at most UPSTREAM_MAX_SOCKETS
 * connections each), HTTP/2 by ALPN for https origins when UPSTREAM_HTTP2 allows it, HTTP/1.1 otherwise.
 * One `request()` per attempt; the caller's signal is its only timer (undici's own timeouts are off).
 * The agent lives as long as the process: closing it in a shutdown hook would fail the retries of completions
 * still draining, and undici unrefs idle sockets, so it never holds the process open.
 */
@Injectable()
export class UpstreamTransport {
  private readonly logger = new Logger('UpstreamTransport');
  private readonly agent: Agent;
  private readonly http1Origins = new Set<string>();

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    const { http2, maxSockets } = config.upstream;
    const connector = buildConnector({ allowH2: http2, ca: upstreamCa(config.upstream) });
    this.agent = new Agent({
      allowH2: http2,
      connections: maxSockets,
      headersTimeout: 0,
      bodyTimeout: 0,
      factory: (origin, options) =>
        new Pool(origin, { ...options, factory: (at, clientOptions) => this.connection(at, clientOptions, connector, http2) }),
    });
  }

  /**
   * One connection of an origin's pool. HTTP/1.1 ones carry one request at a time (no pipelining); one that
   * negotiated h2 multiplexes up to H2_STREAMS, which undici only does when `pipelining` allows it.
   */
  private connection(origin: URL, options: object, connector: buildConnector.connector, http2: boolean): Client {
    const client: Client = new Client(origin, {
      ...options,
      pipelining: 1,
      connect: (connectOptions, callback) =>
        connector(connectOptions, (...result) => {
          const [error, socket] = result;
          const alpn = error === null ? (socket as TLSSocket).alpnProtocol : undefined;
          client.pipelining = alpn === 'h2' ? H2_STREAMS : 1;
          if (error === null && http2 && connectOptions.protocol === 'https:') this.noteProtocol(connectOptions.hostname, alpn);
          callback(...result);
        }),
    });
    return client;
  }

  /**
   * Posts JSON. Every status comes back as a value; a request that got no answer throws an UpstreamError
   * (retryable for network failures, "cancelled" when `signal` aborted it: the caller knows why).
   */
  async send(label: string, request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamReply> {
    const url = new URL(request.url);
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
        body: JSON.stringify(request.body),
        signal,
        // Lets HTTP/2 multiplex POSTs on one session; undici never retries on its own.
        idempotent: true,
      });
      return { status: response.statusCode, headers: flatHeaders(response.headers), body: response.body };
    } catch (error) {
      throw transportFailure(label, error, signal);
    }
  }

  private noteProtocol(host: string, protocol: string | false | null | undefined): void {
    if (protocol === 'h2' || this.http1Origins.has(host)) return;
    this.http1Origins.add(host);
    this.logger.log(`upstream ${host} does not speak HTTP/2 (ALPN: ${protocol || 'none'}); using HTTP/1.1`);
  }
}
