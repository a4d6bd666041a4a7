import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HttpAdapterHost } from '@nestjs/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import type { GatewayConfig } from '../config/gateway-config.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';
import { keyFingerprint, sha256 } from './api-keys.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { ADMISSION } from './route-admission.js';
import type { ManagedKeys } from '../teams/managed-keys.service.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { AdmissionHook } = await import('./admission.hook.js');
const { KeyAuthenticator } = await import('./key-authenticator.js');

const KEY = 'unit-client-key-0123456789';
const MANAGED_KEY = `sk-gw-${'m'.repeat(43)}`;

interface Answer {
  statusCode: number;
  json(): unknown;
}

/** One request over loopback (Fastify's inject needs a module Jest cannot load on Node 20), from a chosen address. */
function send(port: number, method: string, url: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = method === 'POST' ? '{"a":1}' : undefined;
    const req = httpRequest({ host: '127.0.0.1', port, method, path: url, localAddress, headers: { ...(body && { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, json: () => JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('AdmissionHook on a bare Fastify server', () => {
  let server: FastifyInstance;
  let store: MemoryWindowStore;
  const bodiesRead: string[] = [];
  const lookUps: string[] = [];
  let port = 0;

  beforeAll(async () => {
    const settings = loadRateLimitSettings({ AUTH_FAILURE_LIMIT: '2' }, [sha256(KEY)]);
    const config = { apiKeyDigests: [sha256(KEY)], rateLimit: settings } as unknown as GatewayConfig;
    store = new MemoryWindowStore();
    const throttlers = { throttlers: [{ name: 'burst', ttl: 1000, limit: 10 }], storage: store };
    // A managed-key store that knows one sk-gw- key, found only by the asynchronous lookup (not in memory).
    const managed = {
      identifyCached: () => undefined,
      mayLookUp: (token: string) => token.startsWith('sk-gw-'),
      lookUp: async (token: string) => {
        lookUps.push(token);
        return token === MANAGED_KEY ? { keyId: 'key_managed' } : undefined;
      },
    } as unknown as ManagedKeys;
    const authenticator = new KeyAuthenticator(config, new RateLimitService(config, throttlers, store), managed);
    const hook = new AdmissionHook({} as HttpAdapterHost, authenticator);
    server = Fastify();
    server.addHook('onRequest', (request, reply, done) => hook.admit(request, reply, done));
    server.addHook('preHandler', async (request) => void bodiesRead.push(request.url));
    const whoAmI = async (request: AuthenticatedRequest): Promise<unknown> => ({ client: request.client ?? null });
    server.post('/private', whoAmI);
    server.get('/open', { config: { [ADMISSION]: 'public' } }, whoAmI);
    server.get('/docs-json', whoAmI);
    server.get('/docs/*', whoAmI);
    server.post('/own', { config: { [ADMISSION]: 'self' } }, whoAmI);
    server.setErrorHandler((error: { status?: number; message: string }, _request, reply) => reply.status(error.status ?? 500).send({ message: error.message }));
    await server.listen({ port: 0, host: '127.0.0.1' });
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('identifies a valid key and lets the request through', async () => {
    const response = await send(port, 'POST', '/private', { authorization: `Bearer ${KEY}` });
    expect(response.json()).toEqual({ client: { keyId: keyFingerprint(sha256(KEY)) } });
  });

  it('admits a managed key found by the asynchronous lookup, and reads its body', async () => {
    bodiesRead.length = 0;
    const response = await send(port, 'POST', '/private', { authorization: `Bearer ${MANAGED_KEY}` });
    expect(response.json()).toEqual({ client: { keyId: 'key_managed' } });
    expect(bodiesRead).toEqual(['/private']);
    expect((await send(port, 'POST', '/private', { authorization: `Bearer sk-gw-${'z'.repeat(43)}` })).statusCode).toBe(401);
  });

  it('refuses a request without a valid key before its body is read', async () => {
    bodiesRead.length = 0;
    const missing = await send(port, 'POST', '/private');
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ message: "Missing API key: send 'Authorization: Bearer <key>'." });
    const wrong = await send(port, 'POST', '/private', { authorization: 'Bearer nope-nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(bodiesRead).toEqual([]);
  });

  it('counts wrong keys per address and answers 429 past AUTH_FAILURE_LIMIT, even to a missing key', async () => {
    const from = (address: string, authorization?: string): Promise<number> =>
      send(port, 'POST', '/private', authorization ? { authorization } : {}, address).then((r) => r.statusCode);
    expect(await from('127.0.0.9')).toBe(401);
    expect(await from('127.0.0.9')).toBe(401); // a missing key is not a guess
    expect(await from('127.0.0.9', 'Bearer guess-one-000')).toBe(401);
    expect(await from('127.0.0.9', 'Bearer guess-two-000')).toBe(401);
    expect(await from('127.0.0.9', 'Bearer guess-three-0')).toBe(429);
    expect(await from('127.0.0.9')).toBe(429);
    expect(await from('127.0.0.10', 'Bearer guess-one-000')).toBe(401);
  });

  it('checks the lockout before the database: past AUTH_FAILURE_LIMIT a well-formed sk-gw- guess costs no lookup', async () => {
    const from = (authorization: string): Promise<number> => send(port, 'POST', '/private', { authorization }, '127.0.0.11').then((r) => r.statusCode);
    const guess = (n: number): string => `Bearer sk-gw-${String(n).repeat(43).slice(0, 43)}`;
    expect([await from(guess(1)), await from(guess(2))]).toEqual([401, 401]);
    lookUps.length = 0;
    expect(await from(guess(3))).toBe(429);
    expect(await from(`Bearer ${MANAGED_KEY}`)).toBe(429); // even a real key, from an address that is locked out
    expect(lookUps).toEqual([]);
  });

  it.each(['/open', '/docs-json', '/docs/swagger-ui.css'])('lets %s through without a key', async (url) => {
    const response = await send(port, 'GET', url);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ client: null });
  });

  it('leaves routes that admit themselves, and unknown routes, alone', async () => {
    expect((await send(port, 'POST', '/own')).json()).toEqual({ client: null });
    expect((await send(port, 'GET', '/nowhere')).statusCode).toBe(404);
  });
});
