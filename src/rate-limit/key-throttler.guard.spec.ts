import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { MemoryWindowStore } from './memory-window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';

bridgeNestForCommonJs();
const { SkipThrottle, Throttle } = await import('@nestjs/throttler');
const { KeyThrottlerGuard } = await import('./key-throttler.guard.js');
const { BURST, PER_MINUTE, RateLimitService } = await import('./rate-limit.service.js');
const { ReservesBudget } = await import('./reserves-budget.js');

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
  @ReservesBudget()
  reserving(): void {}
}

type Handler = keyof Routes;

/** A guard over `store`, with a burst of 10 per second and 60 per minute. */
async function guardOver(store: MemoryWindowStore): Promise<{ guard: InstanceType<typeof KeyThrottlerGuard>; rateLimits: InstanceType<typeof RateLimitService> }> {
  const options: ThrottlerModuleOptions = {
    throttlers: [
      { name: BURST, ttl: 1000, limit: 10 },
      { name: PER_MINUTE, ttl: 60_000, limit: 60 },
    ],
    storage: store,
  };
  const config = { rateLimit: loadRateLimitSettings({}, []) } as unknown as GatewayConfig;
  const rateLimits = new RateLimitService(config, options, store);
  const guard = new KeyThrottlerGuard(options, store, new Reflector(), rateLimits);
  await guard.onModuleInit();
  return { guard, rateLimits };
}

/** One request of the key on a route, as the guard sees it: the request (its client identity) and the headers set. */
function requestTo(handler: Handler, keyId = 'key-1') {
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
  return { request, context, headers };
}

describe('KeyThrottlerGuard (ThrottlerGuard through its extension points)', () => {
  let store: MemoryWindowStore;
  let guard: InstanceType<typeof KeyThrottlerGuard>;
  let rateLimits: InstanceType<typeof RateLimitService>;

  beforeEach(async () => {
    store = new MemoryWindowStore();
    ({ guard, rateLimits } = await guardOver(store));
  });
  afterEach(() => store.close());

  /** Runs the guard for one request of the key on a route; returns the headers it set, or throws its refusal. */
  async function pass(handler: Handler, keyId = 'key-1'): Promise<Record<string, string>> {
    const { context, headers } = requestTo(handler, keyId);
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
});

describe('KeyThrottlerGuard with a remote store, on a route that reserves a budget', () => {
  /** A memory store that says it is remote and answers only when released, as a Redis round trip would. */
  let store: MemoryWindowStore;
  let release: () => void;
  let asked: number;

  beforeEach(() => {
    store = new MemoryWindowStore();
    Object.defineProperty(store, 'kind', { value: 'redis' });
    asked = 0;
    const admit = store.admit.bind(store);
    store.admit = (query) => {
      asked++;
      return new Promise((resolve) => (release = () => resolve(admit(query))));
    };
  });
  afterEach(() => store.close());

  it('sends the admission at once and lets the request on: the answer (headers, or the 429) comes from admit()', async () => {
    const { guard } = await guardOver(store);
    for (let i = 0; i < 11; i++) {
      const { request, context, headers } = requestTo('reserving');
      expect(await guard.canActivate(context)).toBe(true);
      expect(asked).toBe(i + 1);
      const admission = (request.client as ClientIdentity).admission!;
      expect(admission.pending).toBe(true);
      expect(headers).toEqual({});
      release();
      if (i < 10) {
        expect(await admission.admit()).toBe('separate');
        expect(headers['X-RateLimit-Remaining']).toBe(String(9 - i));
      } else {
        await expect(admission.admit()).rejects.toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
      }
      expect(admission.pending).toBe(false);
    }
  });

  it('awaits the store itself on a route that reserves nothing', async () => {
    const { guard } = await guardOver(store);
    const { request, context, headers } = requestTo('plain');
    const passed = guard.canActivate(context);
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toBe(1);
    release();
    expect(await passed).toBe(true);
    expect(headers['X-RateLimit-Remaining']).toBe('9');
    expect((request.client as ClientIdentity).admission).toBeUndefined();
  });
});
