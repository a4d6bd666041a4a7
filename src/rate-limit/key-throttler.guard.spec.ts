import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import { ApiError } from '../common/api-error.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { MemoryWindowStore } from './memory-window-store.js';
import type { AdmitQuery, AdmitResult } from './window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';

bridgeNestForCommonJs();
const { SkipThrottle, Throttle } = await import('@nestjs/throttler');
const { KeyThrottlerGuard } = await import('./key-throttler.guard.js');
const { BURST, PER_MINUTE, RateLimitService } = await import('./rate-limit.service.js');

/** The limit a route resolves per request through a function (Resolvable): never cached. */
let dynamicLimit = 1;

class Routes {
  plain(): void {}
  @SkipThrottle()
  skipped(): void {}
  @SkipThrottle({ [BURST]: true })
  noBurst(): void {}
  @Throttle({ [BURST]: { limit: 2, ttl: 1000 } })
  tight(): void {}
  publicRoute(): void {}
  @Throttle({ [BURST]: { limit: () => dynamicLimit, ttl: 1000 } })
  dynamic(): void {}
}

type Handler = keyof Routes;

describe('KeyThrottlerGuard (ThrottlerGuard through its extension points)', () => {
  let store: MemoryWindowStore;
  let guard: InstanceType<typeof KeyThrottlerGuard>;
  let rateLimits: InstanceType<typeof RateLimitService>;

  beforeEach(async () => {
    store = new MemoryWindowStore();
    const options: ThrottlerModuleOptions = {
      throttlers: [
        { name: BURST, ttl: 1000, limit: 10 },
        { name: PER_MINUTE, ttl: 60_000, limit: 60 },
      ],
      storage: store,
    };
    const config = { rateLimit: loadRateLimitSettings({}, []) } as unknown as GatewayConfig;
    rateLimits = new RateLimitService(config, options, store);
    guard = new KeyThrottlerGuard(options, store, new Reflector(), rateLimits);
    await guard.onModuleInit();
  });
  afterEach(() => store.close());

  /** Runs the guard for one request of the key on a route; returns the headers it set, or throws its refusal. */
  async function pass(handler: Handler, keyId = 'key-1'): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    const request = {
      ip: '127.0.0.1',
      client: handler === 'publicRoute' ? undefined : { keyId },
      is404: false,
      routeOptions: { url: `/${handler}`, config: handler === 'publicRoute' ? { admission: 'public' } : {} },
    };
    const context = {
      getType: () => 'http',
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }) }),
    } as unknown as ExecutionContext;
    expect(await guard.canActivate(context)).toBe(true);
    return headers;
  }

  it('spends one request of both windows per call and refuses past the burst with a Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await pass('plain'))['X-RateLimit-Remaining']).toBe(String(9 - i));
    const refused = await pass('plain').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '1', 'X-RateLimit-Limit': '10' } });
  });

  it('@SkipThrottle() skips the key budget entirely: nothing spent, no headers', async () => {
    for (let i = 0; i < 25; i++) expect(await pass('skipped')).toEqual({});
    expect((await pass('plain'))['X-RateLimit-Remaining']).toBe('9');
  });

  it('@SkipThrottle({ burst: true }) leaves the per-minute window in force', async () => {
    for (let i = 0; i < 15; i++) expect(await pass('noBurst')).toMatchObject({ 'X-RateLimit-Limit': '60' });
    // The same log: the plain route sees the 15 admissions in its burst window.
    await expect(pass('plain')).rejects.toMatchObject({ status: 429 });
  });

  it('@Throttle({ burst: { limit: 2 } }) sets the route its own burst', async () => {
    await pass('tight');
    await pass('tight');
    await expect(pass('tight')).rejects.toMatchObject({ status: 429, message: expect.stringContaining('2 requests per 1 s') });
  });

  it('does not limit public routes (no client identity)', async () => {
    for (let i = 0; i < 15; i++) expect(await pass('publicRoute')).toEqual({});
  });

  it('refuses every key at an address past its failed-authentication limit, spending nothing', async () => {
    for (let i = 0; i < 20; i++) await rateLimits.authFailure('127.0.0.1', true);
    await expect(pass('plain')).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/^Too many failed authentication attempts/) });
    expect((await store.hit('rl:key-1', [{ name: BURST, windowMs: 1000, limit: 10 }], false)).windows[0]!.count).toBe(0);
  });

  it('keeps what a route resolved: the same limits on later requests, which a function resolves afresh', async () => {
    for (let i = 0; i < 3; i++) expect((await pass('noBurst'))['X-RateLimit-Remaining']).toBe(String(59 - i));
    dynamicLimit = 1;
    await pass('dynamic', 'key-2');
    await expect(pass('dynamic', 'key-2')).rejects.toMatchObject({ status: 429 });
    dynamicLimit = 5;
    expect((await pass('dynamic', 'key-2'))['X-RateLimit-Limit']).toBe('5');
  });

  it("reads a managed key's budget spend in the same store operation as its limits, for that request only", async () => {
    /** A store that, like Redis, answers the counters asked with `read` along with the windows. */
    class ReadingStore extends MemoryWindowStore {
      readonly asked: (readonly string[] | undefined)[] = [];
      override async admit(query: AdmitQuery): Promise<AdmitResult> {
        this.asked.push(query.read);
        return { ...(await super.admit(query)), read: query.read?.map(() => 2.5) };
      }
    }
    const reading = new ReadingStore();
    const options: ThrottlerModuleOptions = { throttlers: [{ name: BURST, ttl: 1000, limit: 10 }], storage: reading };
    const config = { rateLimit: loadRateLimitSettings({}, []) } as unknown as GatewayConfig;
    const readingGuard = new KeyThrottlerGuard(options, reading, new Reflector(), new RateLimitService(config, options, reading));
    await readingGuard.onModuleInit();
    const managed = { id: 'k1', name: 'k', teamId: null, models: null, expiresAt: null, budgets: [{ scope: 'key' as const, id: 'k1', maxUsd: 5, period: 'total' as const }] };
    const client = { keyId: 'k1', managed };
    const request: { ip: string; client: ClientIdentity; is404: boolean; routeOptions: object } = { ip: '127.0.0.1', client, is404: false, routeOptions: { url: '/plain', config: {} } };
    const context = {
      getType: () => 'http',
      getHandler: () => Routes.prototype.plain,
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: () => undefined }) }),
    } as unknown as ExecutionContext;
    expect(await readingGuard.canActivate(context)).toBe(true);
    expect(reading.asked).toEqual([['spend:key:k1:total']]);
    expect(request.client.spend).toEqual({ keys: ['spend:key:k1:total'], usd: [2.5] });
    expect(client).not.toHaveProperty('spend');
    reading.close();
  });
});

