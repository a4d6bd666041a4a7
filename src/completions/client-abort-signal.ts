import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { Http2ServerResponse } from 'node:http2';

/** True once the connection (HTTP/1.1) or stream (HTTP/2) under the response is gone. */
function transportClosed(raw: ServerResponse | Http2ServerResponse): boolean {
  if (raw instanceof Http2ServerResponse) return raw.stream.destroyed;
  return raw.destroyed || raw.socket?.destroyed === true;
}

/**
 * An AbortSignal that fires when the client goes away before its response was sent: the response closes before
 * it was ended (HTTP/1.1 socket closed, HTTP/2 stream reset). Handlers pass it on to the upstream call, so nobody
 * pays for tokens no one will read.
 */
export function clientAbortSignal(raw: ServerResponse | Http2ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Not writableFinished: HTTP/2's compat response reports a reset stream as finished.
  const gone = (): boolean => !raw.writableEnded;
  // The client may have left already (e.g. while a guard was waiting): 'close' will not fire again.
  if (transportClosed(raw) && gone()) controller.abort();
  else raw.once('close', () => gone() && controller.abort());
  return controller.signal;
}

/** Handler parameter: the client-abort signal of the current HTTP request. */
export const ClientAbortSignal = createParamDecorator((_data: unknown, context: ExecutionContext): AbortSignal => {
  return clientAbortSignal(context.switchToHttp().getResponse<FastifyReply>().raw);
});
