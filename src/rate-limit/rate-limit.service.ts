import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { decide, type RateLimitDecision } from './rate-limit-decision.js';
import { BURST, PER_MINUTE } from './rate-limit-config.js';
import type { KeyLimits, RateLimitSettings } from './rate-limit-config.js';
import { StoreHealth, type RateLimitStats } from './store-health.js';
import { authFailureKey, authFailureRefusal, authFailureWindow } from './auth-failure-limit.js';
import type { AdmitResult, SlidingWindowStore, WindowSpec } from './window-store.js';
import type { BudgetHold, ReserveOutcome } from './budget-hold.js';

export type { RateLimitDecision } from './rate-limit-decision.js';
export type { RateLimitStats } from './store-health.js';

/** Requests the limiter refused with 429: past the key's limit, or from an address past its failed-authentication limit. */
export interface RateLimitRefusals {
  keyLimit: number;
  authFailures: number;
}

/** What admit() answers: how many of the asked requests were admitted, and the decision for the response. */
export interface KeyAdmission {
  admitted: number;
  decision: RateLimitDecision;
  /** Refused because the client's address is past its failed-authentication limit. */
  gated?: true;
  /** The budget hold's answer, when the store made it in the same step (every hit admitted). */
  reserved?: ReserveOutcome;
  /** The store failed or is known to be down: decided by RATE_LIMIT_FAIL_MODE, nothing looked at. */
  unchecked?: true;
}


// Also exported here for the modules that import them from the service.
export { BURST, PER_MINUTE } from './rate-limit-config.js';
export { rateLimitError } from './rate-limit-decision.js';
const OVERRIDE_FIELD: Record<string, keyof KeyLimits> = { [BURST]: 'burst', [PER_MINUTE]: 'perMinute' };

function isSlidingWindowStore(storage: ThrottlerStorage): storage is SlidingWindowStore {
  return typeof (storage as Partial<SlidingWindowStore>).admit === 'function';
}

/**
 * One budget per client key, whatever the surface (REST throttler guard, MCP tools/call): every admission spends
 * from it. One store operation per request answers everything at once: the client address's failed-authentication
 * gate and both windows of the key, so a request refused by any of them spends nothing. Also counts failed
 * authentications per client address (authFailure).
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly settings: RateLimitSettings;
  private readonly store: SlidingWindowStore;
  private readonly defaults: WindowSpec[];
  private readonly perKey = new Map<string, WindowSpec[]>();
  private readonly health: StoreHealth;
  private readonly authWindow: WindowSpec;
  /** The longest default window: a request checked against fewer windows (a route skipping one) keeps entries this long. */
  private readonly horizonMs: number;
  /** Requests refused with 429 by the limiter (not by an upstream), read by the metrics at scrape time. */
  private readonly refused: RateLimitRefusals = { keyLimit: 0, authFailures: 0 };

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
    for (const [keyId, limits] of this.settings.overrides) this.setKeyLimits(keyId, limits);
    this.health = new StoreHealth(storage.kind, this.settings.failMode);
    this.authWindow = authFailureWindow(this.settings);
    this.horizonMs = Math.max(...this.defaults.map((window) => window.windowMs));
  }

  /** Limits replacing the defaults for one key (RATE_LIMIT_OVERRIDES, a managed key's rate_limit); none: the defaults. */
  setKeyLimits(keyId: string, limits: KeyLimits | undefined): void {
    if (!limits) {
      this.perKey.delete(keyId);
      return;
    }
    this.perKey.set(keyId, this.defaults.map((window) => {
      const field = OVERRIDE_FIELD[window.name];
      return field ? { ...window, limit: limits[field] } : window;
    }));
  }

  /**
   * The store answers over the network (Redis): an admission is worth sending before the work it need not wait for.
   * The in-memory store answers within the call, so there is nothing to overlap.
   */
  get remote(): boolean {
    return this.store.kind === 'redis';
  }

  /** The key's windows: the defaults, or its own limits. */
  windowsFor(keyId: string): readonly WindowSpec[] {
    return this.perKey.get(keyId) ?? this.defaults;
  }

  /**
   * Admits up to `hits` requests of an authenticated key in ONE store operation: refused outright (429, nothing
   * spent) while the client's address is past its failed-authentication limit, otherwise as many as every window
   * has room for. The decision refuses when fewer than `hits` were admitted. `hold`: a budget reservation made in
   * the same step when every hit is admitted, if the store runs its form (`reserved` answers it; absent, the caller
   * reserves on its own). Never throws.
   */
  async admit(ip: string, keyId: string, windows: readonly WindowSpec[] = this.windowsFor(keyId), hits = 1, hold?: BudgetHold): Promise<KeyAdmission> {
    const gate = { key: authFailureKey(ip), window: this.authWindow };
    const held = hold !== undefined && this.store.runs(hold) ? hold : undefined;
    const result = await this.tryStore(() => this.store.admit({ gate, key: `rl:${keyId}`, windows, hits, horizonMs: this.horizonMs, hold: held }));
    if (!result) {
      const decision = this.withoutStore();
      return { admitted: decision.allowed ? hits : 0, decision, unchecked: true };
    }
    if (result.gated) {
      this.refused.authFailures += Math.max(hits, 1);
      return { admitted: 0, decision: authFailureRefusal(this.authWindow, result.gated), gated: true };
    }
    if (windows.length === 0) return { admitted: 0, decision: { allowed: true, headers: {} } };
    this.refused.keyLimit += hits - result.admitted;
    const admission: KeyAdmission = { admitted: result.admitted, decision: decide(windows, { allowed: result.admitted === hits, windows: result.windows }) };
    if (result.reserved) admission.reserved = result.reserved;
    return admission;
  }

  /**
   * For a request that sent a wrong key (`record`) or none: one store operation that counts the failure when the
   * address is still under AUTH_FAILURE_LIMIT (a request without a key is not a guess and is only looked at), and
   * refuses with 429 when it is not. Allowed means: answer 401. Failing closed, a store failure answers 503.
   */
  async authFailure(ip: string, record: boolean): Promise<RateLimitDecision> {
    const window = this.authWindow;
    const result = await this.tryStore(() => this.store.admit({ key: authFailureKey(ip), windows: [window], hits: record ? 1 : 0 }));
    if (!result) return this.settings.failMode === 'open' ? { allowed: true, headers: {} } : this.withoutStore();
    const usage = result.windows[0]!;
    const full = record ? result.admitted === 0 : usage.count >= window.limit;
    if (full) this.refused.authFailures++;
    return full ? authFailureRefusal(window, usage) : { allowed: true, headers: {} };
  }

  /** Store health counters (a metric for operators and tests). */
  stats(): Readonly<RateLimitStats> {
    return { ...this.health.stats };
  }

  /** Limiter refusals so far (a metric for operators). */
  refusals(): Readonly<RateLimitRefusals> {
    return this.refused;
  }

  /** Whether the store answers a PING within `timeoutMs` (GET /health/ready); not counted as a request's outage. */
  async ping(timeoutMs: number): Promise<'ok' | 'timeout' | 'error'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const answered = this.store.ping().then(
      () => 'ok' as const,
      () => 'error' as const,
    );
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  /** The store's answer, or undefined when it failed or is known to be down (recorded in the health counters). */
  private async tryStore(operation: () => Promise<AdmitResult>): Promise<AdmitResult | undefined> {
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
