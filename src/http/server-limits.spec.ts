import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import { applyServerLimits, serverLimitOptions } from './server-limits.js';

const LIMITS = { bodyTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, maxConnections: 50 };

describe('server limits', () => {
  it('sets the deadlines, the cap and a checking interval that lets deadlines fire on time', () => {
    const server = createServer();
    applyServerLimits(server, LIMITS);
    expect(server).toMatchObject({ maxConnections: 50, headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 72_000 });
    expect((server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(1_000);
    applyServerLimits(server, { ...LIMITS, headersTimeoutMs: 400, bodyTimeoutMs: 1_000 });
    expect((server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(100);
  });

  it('gives Fastify the same deadlines and HTTP/2 idle timeout', () => {
    expect(serverLimitOptions(LIMITS)).toMatchObject({ keepAliveTimeout: 72_000, requestTimeout: 30_000, http2SessionTimeout: 72_000, routerOptions: { maxParamLength: 16_384 } });
    expect(typeof serverLimitOptions(LIMITS).clientErrorHandler).toBe('function');
  });
});
