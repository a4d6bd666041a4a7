import { describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config/gateway-config.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import type { GatewayMetrics } from './gateway-metrics.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { MetricsController } = await import('./metrics.controller.js');

const TOKEN = 'metrics-token-0123456789';

describe('GET /metrics with METRICS_TOKEN', () => {
  it('counts wrong tokens as failed authentications: 401, then 429 past AUTH_FAILURE_LIMIT; the right token still scrapes', async () => {
    const settings = loadRateLimitSettings({ AUTH_FAILURE_LIMIT: '2' }, []);
    const config = { apiKeyDigests: [], rateLimit: settings, observability: { metricsToken: TOKEN } } as unknown as GatewayConfig;
    const store = new MemoryWindowStore();
    const rateLimits = new RateLimitService(config, { throttlers: [{ name: 'burst', ttl: 1000, limit: 10 }], storage: store }, store);
    const metrics = { exposition: async () => ({ contentType: 'text/plain', body: 'up 1' }) } as unknown as GatewayMetrics;
    const controller = new MetricsController(metrics, config, rateLimits);
    const reply = { type: () => reply } as unknown as FastifyReply;
    const scrape = (authorization?: string) =>
      controller.scrape({ ip: '10.0.0.1', headers: authorization ? { authorization } : {} } as FastifyRequest, reply).then(
        () => 200,
        (error: { status: number }) => error.status,
      );
    expect(await scrape('Bearer guess-1')).toBe(401);
    expect(await scrape('Bearer guess-2')).toBe(401);
    expect(await scrape('Bearer guess-3')).toBe(429);
    expect(await scrape()).toBe(429);
    expect(await scrape(`Bearer ${TOKEN}`)).toBe(200);
    await store.close();
  });
});
