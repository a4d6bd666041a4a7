import type { Server } from 'node:net';
import type { Socket } from 'node:net';

/**
 * Remembers the open connections of a server so that a shutdown can end the ones still open after its grace
 * period: Node's close() waits for every connection, and one that connected but never sent a request (or an h2
 * session kept open by a client) would hold the process forever.
 */
export function trackConnections(server: Server): { closeIdleWhileDraining(): void; destroyAll(): number } {
  const sockets = new Set<Socket>();
  const remember = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', remember);
  server.on('secureConnection', remember);
  return {
    /** Keep-alive connections that finish their last request during the drain are closed as they go idle. */
    closeIdleWhileDraining() {
      const closeIdle = (server as Server & { closeIdleConnections?: () => void }).closeIdleConnections;
      if (typeof closeIdle !== 'function') return;
      setInterval(() => closeIdle.call(server), 100).unref();
    },
    destroyAll() {
      const count = sockets.size;
      for (const socket of sockets) socket.destroy();
      return count;
    },
  };
}
