import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { presentedKey } from '../auth/bearer-token.js';
import { KeyAuthenticator } from '../auth/key-authenticator.js';
import { ApiError } from '../common/api-error.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { SERVER_ERROR, sendJsonRpcError } from './json-rpc-reply.js';
import { admittedAfterAll, answerBeforeBody } from '../http/drain-body.js';
import { MCP_SETTINGS, type McpSettings } from './mcp-settings.js';
import { originAllowed } from './origin-policy.js';

export const MCP_PATH = '/mcp';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The /mcp route's onRequest hook: everything decided from the headers alone, before the body is read, answered
 * in JSON-RPC. In order: the Origin allow-list (DNS-rebinding protection, before the key), the CORS preflight,
 * the method, then the client key through the same KeyAuthenticator as REST (the route opts out of the root
 * admission hook with `admission: 'self'` to run it here, after the Origin check). A refusal cannot echo the
 * JSON-RPC id: the body is deliberately not read for a client without a valid key.
 */
@Injectable()
export class McpAdmission {
  constructor(
    private readonly authenticator: KeyAuthenticator,
    @Inject(MCP_SETTINGS) private readonly settings: McpSettings,
  ) {}

  async admit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const origin = single(request.headers.origin);
    // Every answer given here comes before the body, which Node then discards (see answerBeforeBody).
    answerBeforeBody(request);
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
    // Authorization, else x-api-key, as on every other route: a wrong key of either kind counts as a failed guess.
    const authorization = presentedKey(request.headers);
    const client = this.authenticator.identify(authorization) ?? (await this.authenticator.resolve(request.ip, authorization));
    if (!(client instanceof ApiError)) {
      (request as AuthenticatedRequest).client = client;
      admittedAfterAll(request);
      return undefined;
    }
    const error = client;
    return sendJsonRpcError(reply, error.status, SERVER_ERROR, error.message, error.headers);
  }
}
