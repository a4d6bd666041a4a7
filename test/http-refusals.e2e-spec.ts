// Refusals of the HTTP layer as clients see them (docs/limits.md): the 413 reaches fetch/undici clients on
// every route, encoded bodies get 415, /mcp answers wrong methods in JSON-RPC, log lines carry bounded paths,
// and every response carries the security headers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';

const MAX_BODY_BYTES = 1024 * 1024;
const MCP_ACCEPT = 'application/json, text/event-stream';

/** A body of `size` bytes sent in chunks without a Content-Length (fetch streams it chunked). */
function chunkedBody(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      const chunk = Math.min(left, 4096);
      controller.enqueue(new TextEncoder().encode('x'.repeat(chunk)));
      left -= chunk;
      if (left === 0) controller.close();
    },
  });
}

describe('HTTP-layer refusals', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  });
  afterAll(() => gateway.close());

  describe('a body of 4 × MAX_BODY_BYTES reaches fetch clients as a 413, not a socket error', () => {
    const limit = `at most ${MAX_BODY_BYTES} bytes`;
    const body = JSON.stringify({ model: 'gpt-4o', prompt: 'x'.repeat(MAX_BODY_BYTES * 4) });

    it.each([1, 2, 3, 4, 5])('POST /v1/complete with Content-Length, round %i', async () => {
      const response = await gateway.request('/v1/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(413);
      const json = (await response.json()) as { success: boolean; error: { type: string; message: string; request_id: string } };
      expect(json.success).toBe(false);
      expect(json.error.type).toBe('payload_too_large');
      expect(json.error.message).toContain(limit);
      expect(json.error.request_id).toBe(response.headers.get('x-request-id'));
    });

    it.each([1, 2, 3, 4, 5])('POST /mcp with Content-Length, round %i: JSON-RPC shaped', async () => {
      const response = await gateway.request('/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: MCP_ACCEPT }, body });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining(limit) } });
    });

    it.each(['/v1/complete', '/mcp'])('POST %s streamed chunked (no Content-Length)', async (path) => {
      const response = await gateway.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: MCP_ACCEPT },
        body: chunkedBody(MAX_BODY_BYTES * 4),
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(await response.text()).toContain(limit);
    });

    it('the connection stays usable for the next request', async () => {
      expect((await gateway.request('/v1/models')).status).toBe(200);
    });
  });

  it('Content-Encoding: gzip on a plain body → 415 naming the header (REST), JSON-RPC on /mcp', async () => {
    const json = { model: 'gpt-4o', prompt: 'hi' };
    const rest = await gateway.request('/v1/complete', { json, headers: { 'content-encoding': 'gzip' } });
    expect(rest.status).toBe(415);
    const body = (await rest.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('unsupported_media_type');
    expect(body.error.message).toContain("Content-Encoding 'gzip'");
    const identity = await gateway.request('/v1/complete', { json: { model: 'nope', prompt: 'hi' }, headers: { 'content-encoding': 'identity' } });
    expect(identity.status).toBe(400); // read and validated as usual
    const mcp = await gateway.request('/mcp', { json: { jsonrpc: '2.0', id: 1, method: 'ping' }, headers: { 'content-encoding': 'gzip', accept: MCP_ACCEPT } });
    expect(mcp.status).toBe(415);
    expect(await mcp.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining("Content-Encoding 'gzip'") } });
  });

  it.each(['PUT', 'PATCH'])('%s /mcp → JSON-RPC 405 with Allow: POST, not the REST envelope', async (method) => {
    const response = await gateway.request('/mcp', { method, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining(`Method ${method} is not allowed`) } });
  });

  it('log lines carry the path without its query string, cut to 256 characters', async () => {
    const path = `/v1/${'p'.repeat(2000)}`;
    const response = await gateway.request(`${path}?token=secret-in-query`, { headers: { 'x-request-id': 'long-path-1' } });
    expect(response.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = gateway.logs.find((l) => l.includes('"request_id":"long-path-1"') && l.includes('"msg":"request"'));
    expect(line).toBeDefined();
    expect(line).not.toContain('secret-in-query');
    const logged = (JSON.parse(line!) as { path: string }).path;
    expect(logged).toBe(`${path.slice(0, 256)}…`);
  });

  it.each([
    ['an API route', '/v1/models'],
    ['an error', '/v1/nothing'],
    ['Swagger UI', '/docs'],
    ['/mcp', '/mcp'],
  ])('security headers on %s: no framing, no sniffing, a CSP', async (_what, path) => {
    const response = await gateway.request(path);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
