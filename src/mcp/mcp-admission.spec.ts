import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { sha256 } from '../auth/api-keys.js';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';
import { loadMcpSettings } from '../config/mcp-settings.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { KeyAuthenticator } = await import('../auth/key-authenticator.js');
const { McpAdmission } = await import('./mcp-admission.js');

const KEY = 'unit-mcp-client-key-0123456';

describe('McpAdmission: the /mcp onRequest hook', () => {
  let server: FastifyInstance;
  let store: MemoryWindowStore;
  let url = '';
  let bodiesRead = 0;

  beforeAll(async () => {
    const config = { apiKeyDigests: [sha256(KEY)], rateLimit: loadRateLimitSettings({}, []) } as unknown as GatewayConfig;
    store = new MemoryWindowStore();
    const rateLimits = new RateLimitService(config, { throttlers: [{ name: 'burst', ttl: 1000, limit: 10 }], storage: store }, store);
    const admission = new McpAdmission(new KeyAuthenticator(config, rateLimits), loadMcpSettings({ MCP_ALLOWED_ORIGINS: 'https://app.example.com' }));
    server = Fastify();
    server.addHook('preHandler', async () => void bodiesRead++);
    server.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: '/mcp',
      onRequest: (request, reply) => admission.admit(request, reply),
      handler: async (request) => ({ client: (request as AuthenticatedRequest).client ?? null }),
    });
    url = `${await server.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const post = (headers: Record<string, string>): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });

  it('refuses a foreign Origin with 403 before looking at the key', async () => {
    const response = await post({ origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('MCP_ALLOWED_ORIGINS') } });
  });

  it('answers a preflight from a listed origin without a key, and other methods 405', async () => {
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const get = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a missing or wrong key with a JSON-RPC 401 and never reads the body', async () => {
    bodiesRead = 0;
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="litellm-mcp-server"');
    expect(await missing.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: "Missing API key: send 'Authorization: Bearer <key>'." } });
    const wrong = await post({ authorization: 'Bearer wrong-key-0000000000' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe('Invalid API key.');
    expect(bodiesRead).toBe(0);
  });

  it("takes the key as x-api-key too, and counts a wrong one as a failed guess (429 past the limit) like a Bearer one", async () => {
    const valid = await post({ 'x-api-key': KEY });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({ client: { keyId: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    const wrong = await post({ 'x-api-key': 'wrong-key-0000000000' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe('Invalid API key.');
    let last = wrong;
    for (let guess = 0; guess < 25 && last.status === 401; guess++) last = await post({ 'x-api-key': `wrong-key-${guess}-000000000` });
    expect(last.status).toBe(429);
  });

  it('identifies a valid key, with CORS headers for a listed origin', async () => {
    const response = await post({ authorization: `Bearer ${KEY}`, origin: 'https://app.example.com' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(await response.json()).toEqual({ client: { keyId: expect.stringMatching(/^[0-9a-f]{8}$/) } });
  });
});
