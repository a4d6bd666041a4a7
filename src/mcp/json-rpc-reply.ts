import type { FastifyReply } from 'fastify';
import { isRecord, parseJson } from '../common/json.js';

/** JSON-RPC's code for errors the server defines itself; the SDK answers its own HTTP-level refusals with it too. */
export const SERVER_ERROR = -32000;
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;

export type RequestId = string | number;

/** The id to echo in an error answer: a single request's id, when it is one the MCP schema allows. */
export function echoableId(message: unknown): RequestId | undefined {
  if (!isRecord(message)) return undefined;
  const id = message.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : undefined;
}

/**
 * An HTTP-level refusal on /mcp (origin, method, auth, limits, size, unreadable body), answered the way MCP
 * clients read errors: a JSON-RPC error, not the REST envelope. JSON-RPC 2.0 would put `"id": null` when the id
 * is unknown, but the MCP schema's RequestId is a string or integer, so the id is left out instead.
 */
export function sendJsonRpcError(
  reply: FastifyReply,
  status: number,
  code: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
  id?: RequestId,
): FastifyReply {
  return reply
    .status(status)
    .headers(headers)
    .type('application/json')
    .send({ jsonrpc: '2.0', error: { code, message }, ...(id !== undefined && { id }) });
}

/**
 * The SDK answers requests it refuses before dispatch (wrong media type, missing Accept, invalid request) with a
 * plain JSON error whose id is null; rewrite those to leave the id out, like sendJsonRpcError. Anything else,
 * including every SSE stream, passes untouched.
 */
export async function withoutNullIds(response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status < 400 || !type.startsWith('application/json')) return response;
  const text = await response.text();
  const body = parseJson(text);
  if (!isRecord(body) || body.id !== null) return new Response(text, response);
  const rest = { ...body };
  delete rest.id;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: response.status, statusText: response.statusText, headers });
}
