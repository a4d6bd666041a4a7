import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../config/gateway-config.js';
import type { ModelEntry } from '../../config/model-entry.js';
import { mapUpstreamFailure } from '../../providers/upstream-errors.js';
import { ResiliencePolicy, type CallObserver } from './resilience-policy.js';

const config = loadConfig({ UPSTREAM_MAX_RETRIES: '1', UPSTREAM_RETRY_BASE_MS: '1', UPSTREAM_RETRY_MAX_MS: '1' }, () => ({ digests: [] }));

function model(id: string): ModelEntry {
  return { ...config.models[0]!, id, fallbacks: undefined };
}

describe('ResiliencePolicy observer', () => {
  it('hears each retry and each fallback of the call, in order', async () => {
    const heard: string[] = [];
    const observer: CallObserver = {
      onRetry: ({ target, attempt }) => heard.push(`retry ${target} #${attempt}`),
      onFallback: (from, to) => heard.push(`fallback ${from} -> ${to}`),
    };
    const down = (): Promise<string> => Promise.reject(mapUpstreamFailure({ provider: 'OpenAI', status: 503 }));
    const outcome = await new ResiliencePolicy(config).call(
      [
        { model: model('first'), label: 'OpenAI', attempt: down },
        { model: model('second'), label: 'OpenAI', attempt: async () => 'ok' },
      ],
      undefined,
      observer,
    );
    expect(outcome).toMatchObject({ result: 'ok', servedBy: 'second' });
    expect(heard).toEqual(['retry first #2', 'fallback first -> second']);
  });
});

describe('ResiliencePolicy metrics and request facts', () => {
  it('records every attempt (time, outcome), the retry and the fallback, and the attempts in the facts', async () => {
    const { GatewayMetrics } = await import('../../observability/gateway-metrics.js');
    const { RequestFacts } = await import('../../observability/request-facts.js');
    const { parsePrometheusText, valueOf } = await import('../../../test/support/prometheus-text.js');
    const metrics = new GatewayMetrics(config);
    const facts = new RequestFacts();
    const down = (): Promise<string> => Promise.reject(mapUpstreamFailure({ provider: 'OpenAI', status: 503 }));
    const [gpt, claude] = [config.models.find((m) => m.id === 'gpt-4o')!, config.models.find((m) => m.id === 'claude')!];
    await new ResiliencePolicy(config, metrics).call(
      [
        { model: { ...gpt, fallbacks: undefined }, label: 'OpenAI', attempt: down },
        { model: { ...claude, fallbacks: undefined }, label: 'Anthropic', attempt: async () => 'ok' },
      ],
      undefined,
      {},
      facts,
    );
    const exposition = parsePrometheusText((await metrics.exposition()).body);
    expect(valueOf(exposition, 'gateway_upstream_errors_total', { provider: gpt.provider, reason: '503' })).toBe(2);
    expect(valueOf(exposition, 'gateway_upstream_request_duration_seconds_count', { provider: claude.provider, outcome: 'success' })).toBe(1);
    expect(valueOf(exposition, 'gateway_upstream_retries_total', { model: 'gpt-4o' })).toBe(1);
    expect(valueOf(exposition, 'gateway_fallbacks_total', { from: 'gpt-4o', to: 'claude' })).toBe(1);
    expect(facts.attempts).toBe(3);
    expect(facts.upstreamMs).toBeGreaterThanOrEqual(0);
  });
});
