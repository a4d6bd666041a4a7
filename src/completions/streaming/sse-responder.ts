import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import { addHeaders } from '../../http/reply-headers.js';
import { ATTEMPTS_HEADER } from '../resilience/call-errors.js';
import type { CompletionStream } from './completion-stream.js';
import { sseBody, SSE_HEADERS, type SseEncoder } from './sse-body.js';

/**
 * Answers a request with a stream: the SSE headers set on the Fastify reply and the body returned for Fastify to
 * send, so the onSend hooks (security headers, X-Request-Id, rate-limit headers set earlier) apply as to any
 * answer. Fastify pipes the body to the socket, which writes each event as it comes (no compression is
 * registered, Nagle is off on the server's sockets). The body goes out as a StreamableFile: Nest hands its stream
 * to Fastify as it is (and destroys it when the response closes), where a bare Readable would be read through an
 * async iterator and copied into a second stream, chunk by chunk (docs/benchmarks.md). The stream is returned
 * only once the first upstream delta arrived, so sending the headers at once answers nothing too early.
 */
@Injectable()
export class SseResponder {
  private readonly logger = new Logger('Completions');
  private readonly keepAliveMs: number;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.keepAliveMs = config.upstream.streamKeepAliveMs;
  }

  respond(reply: FastifyReply, stream: CompletionStream, encoder: SseEncoder): StreamableFile {
    addHeaders(reply, SSE_HEADERS);
    void reply.code(200).header(ATTEMPTS_HEADER, String(stream.attempts));
    const body = sseBody(stream, encoder, {
      keepAliveMs: this.keepAliveMs,
      onFailure: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`stream of '${stream.model}' (served by '${stream.servedBy}') failed after it started: ${message}`);
      },
    });
    // Nest's StreamableFile takes any pipeable source (it checks for `pipe`), which its types do not say.
    return new StreamableFile(body as unknown as Readable);
  }
}
