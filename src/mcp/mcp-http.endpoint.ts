import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { McpHttpHandler } from '@modelcontextprotocol/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ADMISSION, type AdmissionRouteConfig } from '../auth/route-admission.js';
import { ApiError } from '../common/api-error.js';
import { bodyTooLargeMessage } from '../common/error-response.js';
import { isRecord, parseJson } from '../common/json.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { factsOf } from '../observability/request-facts.js';
import { InFlightCalls } from './in-flight-calls.js';
import { INTERNAL_ERROR, INVALID_REQUEST, PARSE_ERROR, SERVER_ERROR, echoableId, sendJsonRpcError, withoutNullIds } from './json-rpc-reply.js';
import { authInfoFor, type McpCaller } from './mcp-caller.js';
import { MCP_PATH, McpAdmission } from './mcp-admission.js';
import { messageShapeProblem } from './message-shape.js';
import { mcpNodeSdk, mcpServerSdk } from './mcp-sdk.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { ToolsCallBudgets } from './tools-call-budget.js';

/** Headers about the hop, not the message: meaningless on an HTTP/2 response (Node warns), implied on HTTP/1.1. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];

function withoutHopByHop(response: Response): Response {
  if (!HOP_BY_HOP.some((name) => response.headers.has(name))) return response;
  const headers = new Headers(response.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Streamable HTTP at /mcp on the gateway's own Fastify server, serving both protocol eras through the SDK's
 * createMcpHandler: 2026-07-28 (per-request `_meta`, server/discover) and, stateless, 2025-11-25 (initialize).
 * In front of the SDK, in this order: McpAdmission before the body is read (the Origin allow-list, the method,
 * the same Bearer keys as REST), then one rate-limit store operation per request (ToolsCallBudgets: the address's
 * failed-authentication gate and one request of the key's budget per tools/call). Everything answered here is
 * JSON-RPC, never the REST envelope.
 */
@Injectable()
export class McpHttpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('Mcp');
  /** Built on the first admitted request, with the SDK it loads (mcp-sdk.ts): REST-only processes never load it. */
  private handler?: Promise<McpHttpHandler>;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly admission: McpAdmission,
    private readonly budgets: ToolsCallBudgets,
    private readonly inFlight: InFlightCalls,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  private sdkHandler(): Promise<McpHttpHandler> {
    this.handler ??= Promise.all([mcpServerSdk(), this.factory.builder()]).then(([{ createMcpHandler }, create]) =>
      createMcpHandler(create, {
        legacy: 'stateless',
        maxRequestBodySize: this.config.maxBodyBytes,
        // Requests the SDK refused (already answered to the client) and its own failures; rare either way.
        onerror: (error) => this.logger.warn(`MCP request not served: ${error.message}`),
      }));
    return this.handler;
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
      scope.route({
        // Every method Fastify routes (HEAD comes with GET), so a wrong one gets the JSON-RPC 405, not the REST one.
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        url: MCP_PATH,
        // Admitted by its own onRequest hook (JSON-RPC answers, Origin first), not the root one: see McpAdmission.
        config: { [ADMISSION]: 'self' } satisfies AdmissionRouteConfig,
        onRequest: (request, reply) => this.admission.admit(request, reply),
        handler: (request, reply) => this.handle(request, reply),
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    // Never built (no MCP request came), nothing to close; a failed build has nothing open either.
    const handler = await this.handler?.catch(() => undefined);
    await handler?.close();
  }

  /** A POST from an admitted client (McpAdmission ran before the body was read). */
  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const client = (request as AuthenticatedRequest).client!;
    const caller: McpCaller = { keyId: client.keyId, client, facts: factsOf(request) };
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parsed = parseJson(body.toString('utf8'));
    if (parsed === undefined) return sendJsonRpcError(reply, 400, PARSE_ERROR, 'Parse error: the request body is not valid JSON.');
    const shapeProblem = messageShapeProblem(parsed, this.config.maxJsonDepth);
    if (shapeProblem !== undefined) return sendJsonRpcError(reply, 400, INVALID_REQUEST, shapeProblem, {}, echoableId(parsed));
    const messages = (Array.isArray(parsed) ? parsed : [parsed]).filter(isRecord);
    const reserved = await this.budgets.reserve(request.ip, caller.keyId, messages);
    void reply.headers(reserved.headers);
    if (reserved.refusal) {
      const { status, message, headers } = reserved.refusal;
      return sendJsonRpcError(reply, status, SERVER_ERROR, message, headers, echoableId(parsed));
    }
    caller.budget = reserved.budget;
    this.cancelRequested(messages, caller);

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
    const [handler, { toWebRequest }] = await Promise.all([this.sdkHandler(), mcpNodeSdk()]);
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
    const response = await handler.fetch(webRequest, { authInfo: authInfoFor(caller) });
    return reply.send(await withoutNullIds(withoutHopByHop(response)));
  }

  /**
   * A notifications/cancelled aborts the matching call even though stateless serving delivers it to a different
   * server instance.
   */
  private cancelRequested(messages: Record<string, unknown>[], caller: McpCaller): void {
    for (const message of messages) {
      if (message.method === 'notifications/cancelled' && isRecord(message.params)) {
        this.inFlight.cancel(caller.keyId, message.params.requestId, 'cancelled by the client');
      }
    }
  }

  /** Errors before the handler (body too large, unreadable body) or thrown by it, as JSON-RPC errors. */
  private fail(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendJsonRpcError(reply, 413, SERVER_ERROR, bodyTooLargeMessage(request.routeOptions.bodyLimit));
    }
    // Refusals from the HTTP layer's hooks (encoded bodies, deadlines) keep their status and message.
    if (error instanceof ApiError) return sendJsonRpcError(reply, error.status, SERVER_ERROR, error.message, error.headers);
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendJsonRpcError(reply, error.statusCode, SERVER_ERROR, 'The request could not be read.');
    }
    this.logger.error(`request ${request.id} on ${MCP_PATH} failed: ${error.message}`, error.stack);
    return sendJsonRpcError(reply, 500, INTERNAL_ERROR, 'Internal server error.');
  }
}
