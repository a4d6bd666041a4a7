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
