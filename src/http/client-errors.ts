import { STATUS_CODES, maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { ErrorType } from '../common/api-error.js';
import { failure, type ErrorEnvelope } from '../common/envelope.js';
import { newRequestId } from '../common/request-id.js';
import type { ServerLimits } from '../config/server-limits.js';

/**
 * Errors Node's HTTP parser and server raise before Fastify sees a request (framing errors, oversized headers,
 * deadlines), answered in the envelope with a request id instead of Node's or Fastify's bare defaults.
 */
export interface ClientErrorReply {
  status: number;
  body: ErrorEnvelope;
  /** The whole HTTP/1.1 response, ready for the socket. */
  wire: string;
}

/** What the parser's error codes mean for a client, in words that say what to fix. */
const FRAMING_MESSAGES: Record<string, string> = {
  HPE_INVALID_CHUNK_SIZE: 'Malformed chunked body: a chunk size is not a hexadecimal number.',
  HPE_INVALID_CONTENT_LENGTH: 'Invalid Content-Length header: it must be one non-negative whole number.',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Conflicting Content-Length headers, or Content-Length together with Transfer-Encoding.',
  HPE_INVALID_TRANSFER_ENCODING: 'Invalid Transfer-Encoding header: only chunked is accepted, as the last coding.',
  HPE_INVALID_METHOD: 'Malformed request line: unknown method.',
  HPE_INVALID_URL: 'Malformed request line: invalid request target.',
  HPE_INVALID_VERSION: 'Malformed request line: invalid HTTP version.',
  HPE_INVALID_CONSTANT: 'Malformed request line.',
  HPE_INVALID_HEADER_TOKEN: 'Malformed header: invalid character in a header name or value.',
};

function classify(code: string | undefined, limits: ServerLimits): { status: number; type: ErrorType; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const message =
      `The request did not arrive in time: the headers must arrive within ${limits.headersTimeoutMs} ms `
      + `(HEADERS_TIMEOUT_MS) and the whole request within ${limits.bodyTimeoutMs} ms (BODY_TIMEOUT_MS).`;
    return { status: 408, type: 'request_timeout', message };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    const message = `Request headers are larger than the gateway accepts (${maxHeaderSize} bytes for the request line and headers).`;
    return { status: 431, type: 'request_header_fields_too_large', message };
  }
  const message = (code !== undefined && FRAMING_MESSAGES[code]) || 'Malformed HTTP request.';
  return { status: 400, type: 'invalid_request_error', message };
}

export function clientErrorReply(code: string | undefined, requestId: string, limits: ServerLimits): ClientErrorReply {
  const { status, type, message } = classify(code, limits);
  const body = failure({ code: status, message, type, param: null, request_id: requestId });
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Request-Id: ${requestId}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
  ];
  return { status, body, wire: `${head.join('\r\n')}\r\n\r\n${json}` };
}

/** The ids of requests Fastify has already seen, so a deadline hit mid-body answers with the request's own id. */
const knownIds = new WeakMap<IncomingMessage, string>();

export function rememberRequestId(raw: IncomingMessage, id: string): void {
  knownIds.set(raw, id);
}

/** After the answer, the client has this long to read it before the socket is destroyed. */
const LINGER_MS = 2_000;

/**
 * A Fastify clientErrorHandler. Node's parser reports the same broken socket again for every chunk that follows,
 * so each socket is answered once; a response already under way is not corrupted, the socket is just closed.
 */
export function createClientErrorHandler(limits: ServerLimits): (this: { log: FastifyBaseLogger }, error: NodeJS.ErrnoException, socket: Socket) => void {
  const answered = new WeakSet<Socket>();
  return function onClientError(error, socket) {
    if (answered.has(socket)) return;
    answered.add(socket);
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = (inFlight && knownIds.get(inFlight.req)) ?? newRequestId();
    const reply = clientErrorReply(error.code, requestId, limits);
    this.log.info({ request_id: requestId, status: reply.status, code: error.code }, 'client error');
    // end() sends the answer and a FIN; what the client still sends is read and dropped (an unread receive
    // buffer would turn the close into a reset that can discard the answer before the client reads it).
    socket.end(reply.wire);
    socket.once('end', () => socket.destroy());
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}
