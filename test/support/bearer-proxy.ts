import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback proxy in front of the gateway that adds the client key to every request. */
export interface BearerProxy {
  /** http://127.0.0.1:PORT of the proxy. */
  url: string;
  close(): Promise<void>;
}

/**
 * For clients that cannot send an Authorization header (the MCP conformance CLI has no option for one). Every
 * other header passes unchanged, Host and Origin included, so what the gateway judges is what the client sent;
 * responses stream back as they come (SSE included).
 */
export async function startBearerProxy(target: string, key: string): Promise<BearerProxy> {
  const upstream = new URL(target);
  const server = http.createServer((request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, authorization: `Bearer ${key}` },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
