import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { toWebRequest } from '@modelcontextprotocol/node';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { isRecord, parseJson } from '../common/json.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { RateLimitService, rateLimitError } from '../rate-limit/rate-limit.service.js';
import { InFlightCalls } from './in-flight-calls.js';
import { INTERNAL_ERROR, PARSE_ERROR, SERVER_ERROR, echoableId, sendJsonRpcError, withoutNullIds } from './json-rpc-reply.js';
import { authInfoFor, type McpCaller } from './mcp-caller.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { MCP_SETTINGS, type McpSettings } from './mcp-settings.js';
import { originAllowed } from './origin-policy.js';

export const MCP_PATH = '/mcp';

/** Headers about the hop, not the message: meaningless on an HTTP/2 response (Node warns), implied on HTTP/1.1. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutHopByHop(response: Response): Response {
  if (!HOP_BY_HOP.some((name) => response.headers.has(name))) return response;
  const headers = new Headers(response.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Streamable HTTP at /mcp on the gateway's own Fastify server, serving both protocol eras through the SDK's
 * createMcpHandler: 2026-07-28 (per-request `_meta`, server/discover) and, stateless, 2025-11-25 (initialize).
 * In front of the SDK, in this order: the Origin allow-list, the same Bearer keys as REST (and the same
 * failed-authentication limit), then the per-key rate limit for each tools/call. Everything answered here is
 * JSON-RPC, never the REST envelope.
 */
@Injectable()
export class McpHttpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('Mcp');
  private readonly handler: McpHttpHandler;

  constructor(
    factory: McpServerFactory,
    private readonly auth: ApiKeyGuard,
    private readonly rateLimits: RateLimitService,
    private readonly inFlight: InFlightCalls,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(MCP_SETTINGS) private readonly settings: McpSettings,
  ) {
    this.handler = createMcpHandler(() => factory.create(), {
      legacy: 'stateless',
      maxRequestBodySize: config.maxBodyBytes,
      // Requests the SDK refused (already answered to the client) and its own failures; rare either way.
      onerror: (error) => this.logger.warn(`MCP request not served: ${error.message}`),
    });
  }

  /**
   * Registers /mcp in its own Fastify scope, whose body parser hands the SDK the raw bytes of any content type.
   * Queued, not awaited: awaiting would make Fastify load its pending plugins and routes before Nest has set its
   * error handler on the root, and the REST routes would then answer framework errors without the envelope.
   */
  mount(fastify: FastifyInstance): void {
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.setErrorHandler((error: FastifyError, request, reply) => this.fail(error, request, reply));
      scope.route({ method: ['GET', 'POST', 'DELETE', 'OPTIONS'], url: MCP_PATH, handler: (request, reply) => this.handle(request, reply) });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.handler.close();
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const origin = single(request.headers.origin);
    const host = single(request.headers.host) ?? single(request.headers[':authority']);
    if (!originAllowed(origin, host, this.settings)) {
      return sendJsonRpcError(reply, 403, SERVER_ERROR, `Origin '${origin}' may not call ${MCP_PATH}: it is not in MCP_ALLOWED_ORIGINS.`);
    }
    if (request.method === 'OPTIONS') {
      // A CORS preflight from a listed origin (or a plain OPTIONS without one): what may be sent, no body.
      return reply.status(204).headers({ Allow: 'POST, OPTIONS', ...(origin ? preflightHeaders(origin) : {}) }).send();
    }
    if (origin !== undefined) void reply.headers(corsHeaders(origin));
    if (request.method !== 'POST') {
      // Stateless in both eras: no standalone GET stream to open, no session to DELETE.
      const message = `Method ${request.method} is not allowed on ${MCP_PATH}; send JSON-RPC messages with POST.`;
      return sendJsonRpcError(reply, 405, SERVER_ERROR, message, { Allow: 'POST' });
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parsed = parseJson(body.toString('utf8'));
    let caller: McpCaller;
    try {
      caller = { keyId: (await this.auth.authenticateFrom(request.ip, request.headers.authorization)).keyId };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return sendJsonRpcError(reply, error.status, SERVER_ERROR, error.message, error.headers, echoableId(parsed));
    }
    (request as AuthenticatedRequest).client = { keyId: caller.keyId };
    if (parsed === undefined) return sendJsonRpcError(reply, 400, PARSE_ERROR, 'Parse error: the request body is not valid JSON.');
    const messages = (Array.isArray(parsed) ? parsed : [parsed]).filter(isRecord);
    await this.screen(messages, caller, reply);

    // The exchange ends when the client goes away (closed stream, disconnect) or cancels the request with a
    // notifications/cancelled POST; the SDK then closes the server instance, which aborts the upstream call.
    const abort = new AbortController();
    const untrack = messages
      .filter((message) => typeof message.method === 'string')
      .map(echoableId)
      .filter((id) => id !== undefined)
      .map((id) => this.inFlight.track(caller.keyId, id, abort));
    let finished = false;
    reply.raw.once('finish', () => {
      finished = true;
    });
    reply.raw.once('close', () => {
      if (!finished) abort.abort();
      for (const release of untrack) release();
    });
    const webRequest = await toWebRequest(
      {
        method: request.method,
        url: request.url,
        headers: request.headers,
        async *[Symbol.asyncIterator]() {
          yield body;
        },
      },
      undefined,
      { signal: abort.signal, maxRequestBodySize: this.config.maxBodyBytes },
    );
    const response = await this.handler.fetch(webRequest, { authInfo: authInfoFor(caller) });
    return reply.send(await withoutNullIds(withoutHopByHop(response)));
  }

  /**
   * What the gateway must act on before the SDK sees the body: each tools/call spends one request of the key's
   * rate-limit budget (tools/list, discovery and the handshake are free), and a notifications/cancelled aborts the
   * matching call even though stateless serving delivers it to a different server instance.
   */
  private async screen(messages: Record<string, unknown>[], caller: McpCaller, reply: FastifyReply): Promise<void> {
    for (const message of messages) {
      if (message.method === 'notifications/cancelled' && isRecord(message.params)) {
        this.inFlight.cancel(caller.keyId, message.params.requestId, 'cancelled by the client');
      }
      if (message.method === 'tools/call' && message.id !== undefined) {
        const decision = await this.rateLimits.consume(caller.keyId);
        void reply.headers(decision.headers);
        if (!decision.allowed) caller.refusal ??= rateLimitError(decision);
      }
    }
  }

  /** Errors before the handler (body too large, unreadable body) or thrown by it, as JSON-RPC errors. */
  private fail(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendJsonRpcError(reply, 413, SERVER_ERROR, 'Request body is larger than the gateway accepts.');
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendJsonRpcError(reply, error.statusCode, SERVER_ERROR, 'The request could not be read.');
    }
    this.logger.error(`request ${request.id} on ${MCP_PATH} failed: ${error.message}`, error.stack);
    return sendJsonRpcError(reply, 500, INTERNAL_ERROR, 'Internal server error.');
  }
}
