import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { loadConfig } from '../config/gateway-config.js';
import { mapUpstreamFailure, malformed, unreachable } from '../providers/upstream-errors.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { parsePrometheusText, valueOf, type Exposition } from '../../test/support/prometheus-text.js';
import { RequestFacts } from './request-facts.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { GatewayMetrics } = await import('./gateway-metrics.js');
const { RateLimitMetrics } = await import('./rate-limit-metrics.js');

const config = loadConfig({}, () => ({ digests: [] }));

describe('GatewayMetrics', () => {
  let store: MemoryWindowStore;
  let metrics: InstanceType<typeof GatewayMetrics>;
  let rateLimits: InstanceType<typeof RateLimitService>;

  const scrape = async (): Promise<Exposition> => parsePrometheusText((await metrics.exposition()).body);

  beforeEach(() => {
    store = new MemoryWindowStore();
    rateLimits = new RateLimitService(config, { throttlers: [{ name: 'burst', ttl: 60_000, limit: 1 }], storage: store }, store);
    metrics = new GatewayMetrics(config);
    new RateLimitMetrics(metrics, rateLimits);
  });
  afterEach(() => store.close());

  it('records a request by route pattern, method, model and status; tokens by the model that served them', async () => {
    const facts = new RequestFacts();
    facts.requested('gpt-4o', 'openai', 'hi');
    facts.served('claude', 4, 6);
    metrics.requestEnded('/v1/complete', 'POST', 200, 120, facts);
    metrics.requestEnded('/v1/complete', 'POST', 200, 80, facts);
    const exposition = await scrape();
    const labels = { route: '/v1/complete', method: 'POST', model: 'gpt-4o', status: '200' };
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_count', labels)).toBe(2);
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_sum', labels)).toBeCloseTo(0.2);
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_bucket', { ...labels, le: '0.1' })).toBe(1);
    expect(valueOf(exposition, 'gateway_tokens_total', { model: 'claude', type: 'prompt' })).toBe(8);
    expect(valueOf(exposition, 'gateway_tokens_total', { model: 'claude', type: 'completion' })).toBe(12);
  });

  it('collapses what is not bounded: no route is `unmatched`, a model outside the list is `none`', async () => {
    const facts = new RequestFacts();
    facts.requested('not-configured', 'openai', 'hi');
    metrics.requestEnded(undefined, 'GET', 404, 1, undefined);
    metrics.requestEnded('/v1/complete', 'POST', 400, 1, facts);
    const exposition = await scrape();
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_count', { route: 'unmatched', model: 'none', status: '404' })).toBe(1);
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_count', { route: '/v1/complete', model: 'none', status: '400' })).toBe(1);
    expect(exposition.samples.some((sample) => sample.labels.model === 'not-configured')).toBe(false);
  });

  it('observes time to first token when a stream reported one', async () => {
    const facts = new RequestFacts();
    facts.requested('gpt-4o', 'openai', 'hi');
    facts.firstToken();
    metrics.requestEnded('/v1/complete', 'POST', 200, 50, facts);
    metrics.requestEnded('/v1/complete', 'POST', 200, 50, new RequestFacts());
    expect(valueOf(await scrape(), 'gateway_time_to_first_token_seconds_count', { model: 'gpt-4o' })).toBe(1);
  });

  it('upstream attempts: latency by outcome, errors by a bounded reason; a client that left counts nowhere', async () => {
    metrics.upstreamAttempt('openai', 30, undefined);
    metrics.upstreamAttempt('openai', 30, mapUpstreamFailure({ provider: 'OpenAI', status: 503 }));
    metrics.upstreamAttempt('openai', 30, mapUpstreamFailure({ provider: 'OpenAI', status: 418 }));
    metrics.upstreamAttempt('anthropic', 30, mapUpstreamFailure({ provider: 'Anthropic', status: 599 }));
    metrics.upstreamAttempt('anthropic', 30, unreachable('Anthropic', 'connection refused'));
    metrics.upstreamAttempt('anthropic', 30, malformed('Anthropic', 'body is not JSON', 200));
    metrics.upstreamAttempt('anthropic', 30, new ApiError(504, 'deadline', 'upstream_timeout'));
    metrics.upstreamAttempt('anthropic', 30, new ApiError(499, 'gone', 'invalid_request_error'));
    const exposition = await scrape();
    expect(valueOf(exposition, 'gateway_upstream_request_duration_seconds_count', { provider: 'openai', outcome: 'success' })).toBe(1);
    expect(valueOf(exposition, 'gateway_upstream_request_duration_seconds_count', { provider: 'anthropic', outcome: 'error' })).toBe(4);
    const reasons = exposition.samples
      .filter((sample) => sample.name === 'gateway_upstream_errors_total')
      .map((sample) => `${sample.labels.provider} ${sample.labels.reason} ${sample.value}`)
      .sort();
    expect(reasons).toEqual(['anthropic 5xx 1', 'anthropic malformed 1', 'anthropic timeout 1', 'anthropic unreachable 1', 'openai 4xx 1', 'openai 503 1']);
  });

  it('retries and fallbacks by configured model', async () => {
    metrics.retried('gpt-4o');
    metrics.fellBack('gpt-4o', 'claude');
    const exposition = await scrape();
    expect(valueOf(exposition, 'gateway_upstream_retries_total', { model: 'gpt-4o' })).toBe(1);
    expect(valueOf(exposition, 'gateway_fallbacks_total', { from: 'gpt-4o', to: 'claude' })).toBe(1);
  });

  it('reads limiter refusals and the store health from RateLimitService when scraped', async () => {
    expect((await rateLimits.admit('10.0.0.1', 'key-a')).decision.allowed).toBe(true);
    expect((await rateLimits.admit('10.0.0.1', 'key-a')).decision.allowed).toBe(false);
    const exposition = await scrape();
    expect(valueOf(exposition, 'gateway_rate_limited_total', { reason: 'key_limit' })).toBe(1);
    expect(valueOf(exposition, 'gateway_rate_limit_store_errors_total', { store: 'memory' })).toBe(0);
    expect(valueOf(exposition, 'gateway_rate_limit_store_up', { store: 'memory' })).toBe(1);
    // Read again: scrapes report totals, they do not add up.
    expect(valueOf(await scrape(), 'gateway_rate_limited_total', { reason: 'key_limit' })).toBe(1);
  });
});
