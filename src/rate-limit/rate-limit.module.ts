import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { KeyThrottlerGuard } from './key-throttler.guard.js';
import { MemoryWindowStore } from './memory-window-store.js';
import { RateLimitService, BURST, PER_MINUTE } from './rate-limit.service.js';
import { RedisWindowStore } from './redis-window-store.js';
import { PendingAdmissionHook } from './reserves-budget.js';

/** The two default throttlers and the store: Redis when REDIS_URL is set, otherwise this process's memory. */
async function throttlerOptions(config: GatewayConfig): Promise<ThrottlerModuleOptions> {
  const settings = config.rateLimit;
  let storage: MemoryWindowStore | RedisWindowStore;
  if (settings.redisUrl) {
    const redis = new RedisWindowStore({ url: settings.redisUrl, keyPrefix: settings.redisKeyPrefix, timeoutMs: settings.redisTimeoutMs });
    if (!(await redis.connect())) {
      new Logger('RateLimit').warn(`Redis at REDIS_URL is not reachable yet; RATE_LIMIT_FAIL_MODE=${settings.failMode} applies until it is`);
    }
    storage = redis;
  } else {
    storage = new MemoryWindowStore();
  }
  return {
    throttlers: [
      { name: BURST, ttl: settings.burstWindowMs, limit: settings.defaults.burst },
      { name: PER_MINUTE, ttl: settings.windowMs, limit: settings.defaults.perMinute },
    ],
    storage,
  };
}

/**
 * Per-key rate limits (see RateLimitService). Global, so KeyAuthenticator and other features (MCP) can inject the
 * service. KeyThrottlerGuard is the application's only global guard: the client key it tracks is set earlier, by
 * AuthModule's onRequest hook, so no guard order (and no module import order) matters.
 */
@Global()
@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [CONFIG], useFactory: throttlerOptions })],
  providers: [RateLimitService, KeyThrottlerGuard, { provide: APP_GUARD, useExisting: KeyThrottlerGuard }, PendingAdmissionHook],
  exports: [RateLimitService],
})
export class RateLimitModule {}
