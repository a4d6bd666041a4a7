import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from '../auth/api-keys.js';
import { baseUrlWarnings } from './base-url-warnings.js';
import { loadConfig, type Env } from './gateway-config.js';

const warningsFor = (env: Env): string[] => {
  const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ...env }, parseApiKeys);
  return baseUrlWarnings(config.providers, config.models);
};

describe('baseUrlWarnings', () => {
  it('is quiet for the defaults and for base URLs shaped like them', () => {
    expect(warningsFor({})).toEqual([]);
    expect(warningsFor({ OPENAI_BASE_URL: 'https://proxy.example/openai/v1/', ANTHROPIC_BASE_URL: 'http://127.0.0.1:8080' })).toEqual([]);
  });

  it('warns about OPENAI_BASE_URL without /v1, or with /v1/v1', () => {
    expect(warningsFor({ OPENAI_BASE_URL: 'https://api.openai.com' })).toEqual([
      "OPENAI_BASE_URL does not end in '/v1' as its default https://api.openai.com/v1 does; requests go to https://api.openai.com plus the API path",
    ]);
    expect(warningsFor({ OPENAI_BASE_URL: 'https://api.openai.com/v1/v1' })).toEqual([
      "OPENAI_BASE_URL repeats '/v1' in its path (https://api.openai.com/v1/v1); the default is https://api.openai.com/v1",
    ]);
  });

  it('warns about ANTHROPIC_BASE_URL ending in /v1', () => {
    expect(warningsFor({ ANTHROPIC_BASE_URL: 'https://api.anthropic.com/v1' })).toEqual([
      "ANTHROPIC_BASE_URL ends in '/v1', but the gateway adds the version itself (default https://api.anthropic.com): drop it",
    ]);
  });

  it('warns about a model base_url with a repeated segment', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789' }, parseApiKeys);
    const local = { ...config.models[0]!, id: 'local', provider: 'openai-compatible', base_url: 'http://vllm:8000/v1/v1' };
    expect(baseUrlWarnings(config.providers, [local])).toEqual(["model local: base_url repeats '/v1' in its path (http://vllm:8000/v1/v1)"]);
  });
});
