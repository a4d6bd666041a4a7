import http from 'node:http';
import { Readable } from 'node:stream';

/**
 * A fetch over node:http with its own keep-alive Agent, for tests that abort requests. After an aborted fetch,
 * Node's built-in fetch (undici) opens a spare connection that never carries a request; Node's HTTP server does
 * not count it as idle when it closes, so the gateway's graceful shutdown waits on it (until its grace period or
 * the headers timeout). With this fetch the test owns its sockets and destroys them when done.
 */
export function nodeHttpFetch(): { fetch: typeof fetch; destroy(): void } {
  const agent = new http.Agent({ keepAlive: true });
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const request = http.request(String(input instanceof Request ? input.url : input), {
        method: init.method ?? 'GET',
        headers,
        agent,
        signal: init.signal ?? undefined,
      });
      request.once('response', (response) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) responseHeaders.append(name, item);
        }
        const status = response.statusCode ?? 500;
        const body = status === 204 || status === 304 ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      request.once('error', reject);
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return { fetch: nodeFetch as typeof fetch, destroy: () => agent.destroy() };
}
