import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { parseApiKeys } from '../auth/api-keys.js';
import { loadConfig, type Env } from '../config/gateway-config.js';
import { ProvidersService } from '../providers/providers.service.js';
import { UpstreamTransport } from '../providers/transport/upstream-transport.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { RedisWindowStore } from '../rate-limit/redis-window-store.js';
import type { SlidingWindowStore } from '../rate-limit/window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { DrainState } from './drain-state.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { ReadinessService } = await import('./readiness.service.js');
type ReadinessService = InstanceType<typeof ReadinessService>;

const stores: SlidingWindowStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});

function readiness(env: Env, store: SlidingWindowStore = new MemoryWindowStore(), drain = new DrainState()): ReadinessService {
  stores.push(store);
  const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ...env }, parseApiKeys);
  const rateLimits = new RateLimitService(config, { throttlers: [{ name: 'burst', ttl: 1000, limit: 10 }] }, store);
  return new ReadinessService(config, rateLimits, new ProvidersService(config, new UpstreamTransport(config)), drain);
}

const failing = async (service: ReadinessService) => (await service.checks()).filter((check) => !check.ok).map((check) => check.name);

describe('ReadinessService', () => {
  it('is ready with one provider key and in-memory limits', async () => {
    const service = readiness({ ANTHROPIC_API_KEY: 'ak' });
    expect(await failing(service)).toEqual([]);
    expect(service.credentialedProviders()).toEqual(['anthropic']);
  });

  it('fails the providers check when no model has credentials, naming the variables', async () => {
    const checks = await readiness({}).checks();
    expect(checks.find((check) => check.name === 'providers')).toEqual({
      name: 'providers', ok: false, detail: 'no model has provider credentials (set OPENAI_API_KEY, ANTHROPIC_API_KEY)',
    });
  });

  it('fails the draining check from the moment the drain begins', async () => {
    const drain = new DrainState();
    const service = readiness({ OPENAI_API_KEY: 'k' }, undefined, drain);
    expect(await failing(service)).toEqual([]);
    drain.begin();
    expect(await failing(service)).toEqual(['draining']);
  });

  it('pings a reachable Redis, and fails naming redis when it is unreachable', async () => {
    const env = { OPENAI_API_KEY: 'k', REDIS_URL: 'redis://127.0.0.1:6379' };
    const up = new RedisWindowStore({ url: env.REDIS_URL, keyPrefix: `ready-${randomUUID()}:`, timeoutMs: 250 });
    await up.connect();
    expect(await failing(readiness(env, up))).toEqual([]);
    const down = new RedisWindowStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:', timeoutMs: 100 });
    const checks = await readiness({ ...env, REDIS_URL: 'redis://127.0.0.1:1' }, down).checks();
    expect(checks.find((check) => check.name === 'redis')).toEqual({ name: 'redis', ok: false, detail: 'the rate-limit store at REDIS_URL is unreachable' });
  });
});
