import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http2 from 'node:http2';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { connectHttp, postMcp } from './mcp/mcp-clients.js';
import { ERAS, mcpSchema, type Era } from './mcp/mcp-schemas.js';
import { CLIENT_KEY, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { specsFor } from './support/specs-dir.js';

const SECOND_KEY = 'second-client-key-abcdefghij';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const LIST_MODELS_CALL = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'list_models', arguments: {} } });

interface JsonRpcError {
  jsonrpc: '2.0';
  id?: string | number;
  error: { code: number; message: string };
}

const SCHEMAS = specsFor('JSON-RPC errors and tool results in this file validate against the MCP schemas');

/** Reads an HTTP-level refusal: a JSON-RPC error (never the REST envelope), valid against both eras' schemas. */
async function jsonRpcError(response: Response): Promise<JsonRpcError> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as JsonRpcError;
  expect(body).not.toHaveProperty('success');
  for (const era of SCHEMAS ? ERAS : []) {
    const validate = mcpSchema(era, 'JSONRPCErrorResponse');
    expect({ era, valid: validate(body), errors: validate.errors ?? null }).toEqual({ era, valid: true, errors: null });
  }
  return body;
}

describe('MCP endpoint: origin, authentication, HTTP errors', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ MCP_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:6274', MAX_BODY_BYTES: '4096' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('answers 401 with a Bearer challenge and a JSON-RPC error when the key is missing', async () => {
    const response = await postMcp(gateway.url, INITIALIZE, { authorization: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="litellm-mcp-server"');
    // No id: the key is checked before the body is read (issue 7), so the request's id is never known.
    expect(await jsonRpcError(response)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: "Missing API key: send 'Authorization: Bearer <key>'." },
    });
  });

  it('answers 401 with error="invalid_token" when the key is wrong', async () => {
    const response = await postMcp(gateway.url, INITIALIZE, { authorization: 'Bearer not-a-configured-key' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="litellm-mcp-server", error="invalid_token"');
    expect((await jsonRpcError(response)).error.message).toBe('Invalid API key.');
  });

  it.each(ERAS)('the SDK client cannot connect without a key (%s)', async (era: Era) => {
    await expect(connectHttp(gateway.url, era, { key: null })).rejects.toThrow();
    await expect(connectHttp(gateway.url, era, { key: 'wrong-key-1234567890' })).rejects.toThrow();
  });

  it.each(['https://evil.example', 'null', 'https://app.example.com.evil.example', 'http://localhost.evil.example:3000'])(
    'refuses Origin %s with 403 (DNS-rebinding protection), before looking at the key',
    async (origin) => {
      const response = await postMcp(gateway.url, INITIALIZE, { origin, authorization: null });
      expect(response.status).toBe(403);
      expect((await jsonRpcError(response)).error.message).toContain('MCP_ALLOWED_ORIGINS');
    },
  );

  it.each(['https://app.example.com', 'https://app.example.com:443', 'http://localhost:6274'])(
    'serves Origin %s, which MCP_ALLOWED_ORIGINS lists',
    async (origin) => {
      const response = await postMcp(gateway.url, INITIALIZE, { origin });
      expect(response.status).toBe(200);
    },
  );

  // The gateway listens on 127.0.0.1 here: a page on this machine (any localhost origin) or the gateway's own origin.
  it.each(['http://localhost:3000', 'http://[::1]:5173', 'http://127.0.0.1:1'])(
    'serves the localhost Origin %s, which MCP_ALLOWED_ORIGINS does not list, because the gateway listens on loopback',
    async (origin) => {
      const response = await postMcp(gateway.url, INITIALIZE, { origin });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    },
  );

  it('serves its own origin (Host and Origin both 127.0.0.1:PORT)', async () => {
    const response = await postMcp(gateway.url, INITIALIZE, { origin: gateway.url });
    expect(response.status).toBe(200);
  });

  it('answers a CORS preflight from a listed origin with what a browser client may send', async () => {
    const response = await fetch(`${gateway.url}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, mcp-protocol-version' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('authorization'));
    expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('mcp-protocol-version'));
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('refuses a CORS preflight from a foreign origin', async () => {
    const response = await fetch(`${gateway.url}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a listed origin read answers and their headers, refusals included', async () => {
    const ok = await postMcp(gateway.url, INITIALIZE, { origin: 'https://app.example.com' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const refused = await postMcp(gateway.url, INITIALIZE, { origin: 'https://app.example.com', authorization: null });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(refused.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('www-authenticate'));
    const noOrigin = await postMcp(gateway.url, INITIALIZE, {});
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('connects the SDK client from an allowed origin', async () => {
    const mcp = await connectHttp(gateway.url, '2026-07-28', { headers: { origin: 'https://app.example.com' } });
    expect((await mcp.client.listTools()).tools).toHaveLength(2);
    await mcp.close();
  });

  it('answers malformed JSON with a JSON-RPC parse error (-32700), not the REST envelope', async () => {
    const response = await postMcp(gateway.url, '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(response.status).toBe(400);
    expect(await jsonRpcError(response)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: the request body is not valid JSON.' },
    });
  });

  it.each(['GET', 'DELETE'])('answers %s with 405 and Allow: POST (stateless: no stream, no session)', async (method) => {
    const response = await fetch(`${gateway.url}/mcp`, {
      method,
      headers: { authorization: `Bearer ${CLIENT_KEY}`, accept: 'text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await jsonRpcError(response)).error.message).toContain('POST');
  });

  it('answers a body that is not application/json with 415, as JSON-RPC', async () => {
    const response = await postMcp(gateway.url, INITIALIZE, { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect((await jsonRpcError(response)).error.message).toMatch(/Content-Type/);
  });

  it('answers a body over MAX_BODY_BYTES with 413, as JSON-RPC', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(8000) } } });
    const response = await postMcp(gateway.url, big);
    expect(response.status).toBe(413);
    expect((await jsonRpcError(response)).error.message).toContain('larger');
  });

  it('leaves the REST API and its envelope as they were, framework errors included', async () => {
    // Mounting /mcp must not change the error handler of the REST routes (a malformed body is a Fastify error).
    const malformed = await gateway.request('/v1/complete', { method: 'POST', body: '{"model":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ success: false, error: { code: 400, type: 'invalid_request_error' } });
    const invalid = await gateway.request('/v1/complete', { json: { model: 'gpt-4o' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ success: false, error: { param: 'prompt' } });
  });
});

describe('MCP endpoint: the per-key rate limit budget', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      GATEWAY_API_KEYS: `${CLIENT_KEY},${SECOND_KEY}`,
      // A burst of 6 over a window long enough that nothing frees up while a test runs.
      RATE_LIMIT_BURST: '6',
      RATE_LIMIT_BURST_WINDOW_MS: '60000',
      RATE_LIMIT_PER_MINUTE: '1000',
      AUTH_FAILURE_LIMIT: '2',
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const LIMIT_MESSAGE = /^Rate limit exceeded for this API key: 6 requests per 60 s \(burst limit\)\. Retry after (\d+) s\.$/;

  it.each<[Era, string]>([
    ['2025-11-25', CLIENT_KEY],
    ['2026-07-28', SECOND_KEY],
  ])('%s: every MCP request spends the REST budget of the key, tools/list included', async (era, key) => {
    const auth = { authorization: `Bearer ${key}` };
    const mcp = await connectHttp(gateway.url, era, { key });
    const remaining = async (): Promise<number> => {
      const rest = await gateway.request('/v1/models', { headers: auth });
      expect(rest.status).toBe(200);
      return Number(rest.headers.get('x-ratelimit-remaining'));
    };
    const before = await remaining();
    await mcp.client.listTools(undefined, { cacheMode: 'bypass' });
    expect(await remaining()).toBe(before - 2); // the tools/list, then this REST call

    // Tool calls take what is left, then the next one is refused.
    let refused: CallToolResult | undefined;
    for (let i = 0; i < 6 && refused === undefined; i += 1) {
      const result: CallToolResult = await mcp.client.callTool({ name: 'list_models', arguments: {} });
      if (result.isError) refused = result;
    }
    expect(refused?.isError).toBe(true);
    const text = refused!.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text).toMatch(LIMIT_MESSAGE);
    expect(refused!._meta?.['litellm-mcp-server/error']).toEqual({
      status: 429,
      type: 'rate_limit_error',
      param: null,
      retry_after_seconds: Number(LIMIT_MESSAGE.exec(text)?.[1]),
    });

    // REST gives the same refusal, from the same budget.
    const restRefused = await gateway.request('/v1/models', { headers: auth });
    expect(restRefused.status).toBe(429);
    const envelope = (await restRefused.json()) as { error: { message: string } };
    expect(envelope.error.message.replace(/\d+ s\.$/, '')).toBe(text.replace(/\d+ s\.$/, ''));

    // Over HTTP the tools/call response carries the limit headers, as REST responses do.
    const raw = await postMcp(gateway.url, LIST_MODELS_CALL, { ...auth, 'mcp-protocol-version': '2025-11-25' });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-ratelimit-limit')).toBe('6');
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    await raw.text();

    if (SCHEMAS) expect(await mcp.recorder.problems(era)).toEqual([]);
    await mcp.close();
  });

  it('counts failed authentications on /mcp like on REST: past AUTH_FAILURE_LIMIT, 429 before the key is checked', async () => {
    const wrong = { authorization: 'Bearer wrong-key-0000000000' };
    for (let i = 0; i < 2; i += 1) expect((await postMcp(gateway.url, INITIALIZE, wrong)).status).toBe(401);
    const limited = await postMcp(gateway.url, INITIALIZE, { authorization: `Bearer ${CLIENT_KEY}` });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await jsonRpcError(limited)).error.message).toMatch(/Too many failed authentication attempts/);
  });
});

describe('MCP endpoint over HTTP/2 (HTTP2_CLEARTEXT)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ HTTP2_CLEARTEXT: 'true' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('serves JSON-RPC over an h2c stream, SSE included, with no connection-specific header', async () => {
    const session = http2.connect(gateway.url);
    try {
      const post = (body: string): Promise<{ headers: http2.IncomingHttpHeaders; text: string }> =>
        new Promise((resolve, reject) => {
          const stream = session.request({
            ':method': 'POST',
            ':path': '/mcp',
            authorization: `Bearer ${CLIENT_KEY}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-11-25',
          });
          let headers: http2.IncomingHttpHeaders = {};
          let text = '';
          stream.on('response', (received) => (headers = received));
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (text += chunk));
          stream.on('end', () => resolve({ headers, text }));
          stream.on('error', reject);
          stream.end(body);
        });
      const initialized = await post(INITIALIZE);
      expect(initialized.headers[':status']).toBe(200);
      expect(initialized.headers.connection).toBeUndefined();
      const called = await post(LIST_MODELS_CALL);
      expect(called.headers[':status']).toBe(200);
      const data = called.text.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? called.text;
      const message = JSON.parse(data) as { id: number; result: unknown };
      expect(message.id).toBe(7);
      if (SCHEMAS) expect(mcpSchema('2025-11-25', 'CallToolResult')(message.result)).toBe(true);
    } finally {
      session.close();
    }
    expect(gateway.logs.join('\n')).not.toMatch(/UnsupportedWarning|connection header/i);
  });
});
