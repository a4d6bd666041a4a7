import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { ApiError } from '../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { decide, type RateLimitDecision } from './rate-limit-decision.js';
import type { KeyLimits, RateLimitSettings } from './rate-limit-config.js';
import { StoreHealth, type RateLimitStats } from './store-health.js';
import type { HitResult, SlidingWindowStore, WindowSpec } from './window-store.js';

export type { RateLimitDecision } from './rate-limit-decision.js';
export type { RateLimitStats } from './store-health.js';

/** Names of the two throttlers (ThrottlerModule options) and the override field each one takes its limit from. */
export const BURST = 'burst';
export const PER_MINUTE = 'per-minute';
const OVERRIDE_FIELD: Record<string, keyof KeyLimits> = { [BURST]: 'burst', [PER_MINUTE]: 'perMinute' };

/** The ApiError for a refused decision: 429 with Retry-After, or 503 when the limit store is down (fail closed). */
export function rateLimitError(decision: RateLimitDecision): ApiError {
  if (decision.unavailable) {
    return new ApiError(503, 'Rate limiting is unavailable, so the request was refused; try again shortly.', 'service_unavailable', null, decision.headers);
  }
  return new ApiError(429, decision.reason ?? 'Rate limit exceeded for this API key.', 'rate_limit_error', null, decision.headers);
}

function isSlidingWindowStore(storage: ThrottlerStorage): storage is SlidingWindowStore {
  return typeof (storage as Partial<SlidingWindowStore>).hit === 'function';
}

/**
 * One budget per client key, whatever the surface (REST guard, MCP tools/call, ...): every call of consume()
 * spends from it. Both windows are checked and recorded in one atomic store operation, so a request refused by
 * either limit spends nothing. Also limits failed authentications per client IP.
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly settings: RateLimitSettings;
  private readonly store: SlidingWindowStore;
  private readonly defaults: WindowSpec[];
  private readonly perKey = new Map<string, WindowSpec[]>();
  private readonly health: StoreHealth;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
  ) {
    if (!isSlidingWindowStore(storage)) throw new Error('RateLimitService needs a SlidingWindowStore as the ThrottlerStorage');
    this.settings = config.rateLimit;
    this.store = storage;
    const throttlers: ThrottlerOptions[] = Array.isArray(options) ? options : options.throttlers;
    this.defaults = throttlers.map((throttler) => {
      if (typeof throttler.ttl !== 'number' || typeof throttler.limit !== 'number') {
        throw new Error(`throttler ${throttler.name} must have a numeric ttl and limit`);
      }
      return { name: throttler.name ?? 'default', windowMs: throttler.ttl, limit: throttler.limit };
    });
    for (const [keyId, limits] of this.settings.overrides) {
      this.perKey.set(
        keyId,
        this.defaults.map((window) => {
          const field = OVERRIDE_FIELD[window.name];
          return field ? { ...window, limit: limits[field] } : window;
        }),
      );
    }
    this.health = new StoreHealth(storage.kind, this.settings.failMode);
  }

  /** Spends one request of the key's budget if both windows allow it. Never throws. */
  async consume(keyId: string): Promise<RateLimitDecision> {
    const windows = this.perKey.get(keyId) ?? this.defaults;
    const result = await this.tryStore(() => this.store.hit(`rl:${keyId}`, windows));
    return result ? decide(windows, result) : this.withoutStore();
  }

  /** Whether this IP may still try to authenticate (it has not reached AUTH_FAILURE_LIMIT). Records nothing. */
  async checkAuthFailures(ip: string): Promise<RateLimitDecision> {
    return this.authFailures(ip, false);
  }

  /** Counts one failed authentication from this IP. */
  async recordAuthFailure(ip: string): Promise<void> {
    await this.authFailures(ip, true);
  }

  /** Store health counters (a metric for operators and tests). */
  stats(): Readonly<RateLimitStats> {
    return { ...this.health.stats };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  private async authFailures(ip: string, record: boolean): Promise<RateLimitDecision> {
    const window: WindowSpec = {
      name: 'failed-authentication',
      windowMs: this.settings.authFailureWindowMs,
      limit: this.settings.authFailureLimit,
    };
    const result = await this.tryStore(() => this.store.hit(`authfail:${ip}`, [window], record));
    if (!result) {
      // Failing open, the request goes on to consume(), which counts it; failing closed, it ends here with 503.
      // A failure to record changes nothing: that request is answered 401 anyway.
      return record || this.settings.failMode === 'open' ? { allowed: true, headers: {} } : this.withoutStore();
    }
    const decision = decide([window], result);
    if (decision.allowed) return { allowed: true, headers: {} };
    return {
      ...decision,
      headers: { 'Retry-After': decision.headers['Retry-After']! },
      reason: `Too many failed authentication attempts from this address: ${window.limit} allowed per ${window.windowMs / 1000} s. Retry after ${decision.retryAfterSeconds} s.`,
    };
  }

  /** The store's answer, or undefined when it failed or is known to be down (recorded in the health counters). */
  private async tryStore(operation: () => Promise<HitResult>): Promise<HitResult | undefined> {
    if (!this.health.mayTry()) return undefined;
    try {
      const result = await operation();
      this.health.succeeded();
      return result;
    } catch (error) {
      this.health.failed(error);
      return undefined;
    }
  }

  /** The decision RATE_LIMIT_FAIL_MODE makes for a request the store could not decide. */
  private withoutStore(): RateLimitDecision {
    if (this.settings.failMode === 'open') {
      this.health.decidedWithoutStore('admitted');
      return { allowed: true, headers: {} };
    }
    this.health.decidedWithoutStore('refused');
    return { allowed: false, headers: {}, unavailable: true };
  }
}
