import { Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** A counter whose values are read from elsewhere when Prometheus scrapes: `read` gives [label value, total] pairs. */
function scrapedCounter(registry: Registry, name: string, help: string, label: string, read: () => [string, number][]): void {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [value, total] of read()) this.labels(value).inc(total);
    },
  });
}

/**
 * Rate-limit metrics, read from RateLimitService's own counters when Prometheus scrapes, so the request path pays
 * nothing for them: limiter refusals (429) and the limit store's health (Redis errors).
 */
export function registerRateLimitMetrics(registry: Registry, rateLimits: RateLimitService): void {
  const store = rateLimits.stats().store;
  scrapedCounter(
    registry,
    'gateway_rate_limited_total',
    "Requests refused with 429 by the gateway's own limiter (not relayed upstream 429s), by reason: key_limit (the key's burst or per-minute window) or auth_failures (the client address is past AUTH_FAILURE_LIMIT). An MCP tools/call refused counts as one.",
    'reason',
    () => [['key_limit', rateLimits.refusals().keyLimit], ['auth_failures', rateLimits.refusals().authFailures]],
  );
  scrapedCounter(
    registry,
    'gateway_rate_limit_store_errors_total',
    'Rate-limit store operations that failed (Redis unreachable or too slow) or were skipped while it was known to be down, by store.',
    'store',
    () => [[store, rateLimits.stats().storeFailures]],
  );
  scrapedCounter(
    registry,
    'gateway_rate_limit_store_outages_total',
    'Times the rate-limit store went from working to failing, by store.',
    'store',
    () => [[store, rateLimits.stats().outages]],
  );
  scrapedCounter(
    registry,
    'gateway_rate_limit_unchecked_total',
    'Requests decided without the rate-limit store (it was down), by outcome: admitted (RATE_LIMIT_FAIL_MODE=open) or refused (503, closed).',
    'outcome',
    () => [['admitted', rateLimits.stats().admittedUnchecked], ['refused', rateLimits.stats().refusedUnavailable]],
  );
  new Gauge({
    name: 'gateway_rate_limit_store_up',
    help: '1 while the rate-limit store is reachable, 0 while it is considered down, by store.',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.labels(store).set(rateLimits.stats().storeDown ? 0 : 1);
    },
  });
}

/** Adds the rate-limit metrics to the gateway's registry (kept apart so GatewayMetrics needs no rate-limit module). */
@Injectable()
export class RateLimitMetrics {
  constructor(metrics: GatewayMetrics, rateLimits: RateLimitService) {
    registerRateLimitMetrics(metrics.registry, rateLimits);
  }
}
