import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PlainResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request from a chosen loopback source address (any 127.x.y.z works on Linux), so one test process can be
 * several clients; `headers` may forge X-Forwarded-For.
 */
export function requestFrom(
  port: number,
  sourceIp: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', localAddress: sourceIp, headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface RequestLine {
  request_id: string;
  path: string;
  status: number;
  client_ip?: string;
}

/** The gateway's one-line-per-request log entries (JSON lines whose msg is "request"). */
export function requestLines(logs: readonly string[]): RequestLine[] {
  return logs.flatMap((line) => (line.startsWith('{') && line.includes('"msg":"request"') ? [JSON.parse(line) as RequestLine] : []));
}

/** The log line of the request sent with `X-Request-Id: id`, waiting a little for the asynchronous logger. */
export async function requestLine(logs: readonly string[], id: string): Promise<RequestLine | undefined> {
  for (let i = 0; i < 40; i++) {
    const line = requestLines(logs).find((entry) => entry.request_id === id);
    if (line) return line;
    await sleep(25);
  }
  return undefined;
}

export { freePort } from './free-port.js';
