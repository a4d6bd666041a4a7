import { ServerResponse } from 'node:http';
import type { Server, Socket } from 'node:net';

/**
 * Remembers the open connections of a server so that a shutdown can end the ones still open after its grace
 * period: Node's close() waits for every connection, and one that connected but never sent a request (or an h2
 * session kept open by a client) would hold the process forever.
 *
 * While draining, every HTTP/1.1 response (in flight or new) closes its connection when it is done. Behind a
 * reverse proxy's keep-alive pool this matters: a connection kept open after its response would be reused by the
 * proxy for a new request, which a closing server answers 503, instead of the proxy opening a connection (refused)
 * and moving the request to another replica (docs/deployment.md).
 */
export function trackConnections(server: Server): { closeIdleWhileDraining(): void; destroyAll(): number } {
  const sockets = new Set<Socket>();
  const responses = new Set<ServerResponse>();
  let draining = false;
  const remember = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const lastOnItsConnection = (res: ServerResponse): void => {
    // Before the headers: answered with "Connection: close" and the socket ends after it. After: ended once done.
    if (!res.headersSent) res.shouldKeepAlive = false;
    else res.once('finish', () => res.socket?.end());
  };
  server.on('connection', remember);
  server.on('secureConnection', remember);
  // Ahead of the application's own listener, so a response is marked before anything can be written to it.
  server.prependListener('request', (_req: unknown, res: unknown) => {
    // HTTP/2 compatibility responses have no keep-alive to end; their sessions close with the server.
    if (!(res instanceof ServerResponse)) return;
    if (draining) return lastOnItsConnection(res);
    responses.add(res);
    res.once('close', () => responses.delete(res));
  });
  return {
    /** Keep-alive connections are closed as they go idle: at once, and as in-flight requests finish. */
    closeIdleWhileDraining() {
      draining = true;
      for (const res of responses) lastOnItsConnection(res);
      responses.clear();
      const closeIdle = (server as Server & { closeIdleConnections?: () => void }).closeIdleConnections;
      if (typeof closeIdle !== 'function') return;
      closeIdle.call(server);
      setInterval(() => closeIdle.call(server), 100).unref();
    },
    destroyAll() {
      const count = sockets.size;
      for (const socket of sockets) socket.destroy();
      return count;
    },
  };
}
