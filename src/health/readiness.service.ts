import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ProvidersService } from '../providers/providers.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { DrainState } from './drain-state.js';

export type CheckName = 'config' | 'redis' | 'providers' | 'draining';

/** One readiness check: `ok`, and what was found (said in the 503 message when it is not ok). */
export interface ReadinessCheck {
  name: CheckName;
  ok: boolean;
  detail: string;
}

/** How long GET /health/ready waits for Redis at most: a readiness probe must answer fast either way. */
export const READY_REDIS_TIMEOUT_MS = 1000;

/**
 * What GET /health/ready checks: the configuration was loaded (it was, or Nest would not have started), the
 * rate-limit store answers when it is Redis, at least one model has its provider's credentials, and no shutdown
 * has started. Redis errors are named, not quoted: the route is public and an error text may carry an address.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly rateLimits: RateLimitService,
    private readonly providers: ProvidersService,
    private readonly drain: DrainState,
  ) {}

  async checks(): Promise<ReadinessCheck[]> {
    return [
      { name: 'config', ok: true, detail: 'loaded' },
      await this.redis(),
      this.credentials(),
      this.drain.draining
        ? { name: 'draining', ok: false, detail: 'shutting down: in-flight requests are finishing' }
        : { name: 'draining', ok: true, detail: 'not draining' },
    ];
  }

  /** The provider kinds that have credentials for at least one configured model, in registry order. */
  credentialedProviders(): string[] {
    const kinds = new Set(this.config.models.filter((model) => this.providers.missingCredential(model) === undefined).map((m) => m.provider));
    return this.config.providers.registry.kinds.filter((kind) => kinds.has(kind));
  }

  private async redis(): Promise<ReadinessCheck> {
    if (!this.config.rateLimit.redisUrl) return { name: 'redis', ok: true, detail: 'not configured (in-memory limits)' };
    const timeoutMs = Math.min(this.config.rateLimit.redisTimeoutMs, READY_REDIS_TIMEOUT_MS);
    const answer = await this.rateLimits.ping(timeoutMs);
    if (answer === 'ok') return { name: 'redis', ok: true, detail: 'reachable' };
    const why = answer === 'timeout' ? `gave no answer within ${timeoutMs} ms` : 'is unreachable';
    return { name: 'redis', ok: false, detail: `the rate-limit store at REDIS_URL ${why}` };
  }

  private credentials(): ReadinessCheck {
    const usable = this.config.models.filter((model) => this.providers.missingCredential(model) === undefined);
    if (usable.length > 0) return { name: 'providers', ok: true, detail: `${usable.length} of ${this.config.models.length} models have credentials` };
    const missing = [...new Set(this.config.models.map((model) => this.providers.missingCredential(model)))].join(', ');
    return { name: 'providers', ok: false, detail: `no model has provider credentials (set ${missing})` };
  }
}
