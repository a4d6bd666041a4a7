import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY } from '../support/gateway-harness.js';
import type { Era } from './mcp-schemas.js';
import { WireRecorder } from './wire-recorder.js';

export const CLIENT_INFO = { name: 'gateway-e2e', version: '1.0.0' };

/** The official SDK client speaking one era: 2025-11-25 with initialize, or 2026-07-28 pinned (server/discover). */
export function newClient(era: Era): Client {
  return new Client(CLIENT_INFO, era === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
}

export interface HttpConnection {
  client: Client;
  recorder: WireRecorder;
  close(): Promise<void>;
}

/** Connects the SDK client to the gateway's /mcp with a Bearer key (`key: null` sends none). */
export async function connectHttp(
  baseUrl: string,
  era: Era,
  options: { key?: string | null; headers?: Record<string, string>; fetch?: typeof fetch } = {},
): Promise<HttpConnection> {
  const recorder = new WireRecorder(options.fetch);
  const key = options.key === undefined ? CLIENT_KEY : options.key;
  const headers: Record<string, string> = { ...(key !== null && { authorization: `Bearer ${key}` }), ...options.headers };
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers }, fetch: recorder.fetch });
  const client = newClient(era);
  await client.connect(transport);
  return { client, recorder, close: () => client.close() };
}

/**
 * A JSON-RPC POST to /mcp without the SDK, for the HTTP-level answers (auth, origin, parse errors). The client key
 * and the usual headers are sent unless overridden; a header given as null is left out.
 */
export function postMcp(baseUrl: string, body: string, headers: Record<string, string | null> = {}): Promise<Response> {
  const all: Record<string, string | null> = {
    authorization: `Bearer ${CLIENT_KEY}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...headers,
  };
  const sent = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
  return fetch(`${baseUrl}/mcp`, { method: 'POST', headers: sent, body });
}

export const STDIO_ENTRY = join(import.meta.dirname, '../../dist/mcp-stdio.js');

export interface StdioConnection {
  client: Client;
  recorder: WireRecorder;
  /** Everything the server process wrote to stderr so far (its logs). */
  stderr: () => string;
  close(): Promise<void>;
}

/** Launches `node dist/mcp-stdio.js` as a client would and connects the SDK client to it over stdio. */
export async function connectStdio(era: Era, env: Record<string, string>): Promise<StdioConnection> {
  const recorder = new WireRecorder();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO_ENTRY],
    env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = newClient(era);
  await client.connect(recorder.attach(transport));
  return { client, recorder, stderr: () => stderr, close: () => client.close() };
}
