import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from '../auth/api-keys.js';
import { loadConfig } from '../config/gateway-config.js';
import { startupLines } from './startup-lines.js';

describe('startupLines', () => {
  it('says where, the docs, the models and which providers have credentials; the generated key alone; the address last', () => {
    const config = loadConfig({ HOST: '127.0.0.1', OPENAI_API_KEY: 'k' }, parseApiKeys);
    const lines = startupLines(config, 4321, ['openai']);
    expect(lines.map((line) => line.text)).toEqual([
      'Models: gpt-4o (openai), claude (anthropic)',
      'Provider credentials: openai; missing for anthropic (their models answer 503)',
      'API docs at http://127.0.0.1:4321/docs; health at /health/live and /health/ready',
      `GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: ${config.generatedApiKey}`,
      'Gateway listening on http://127.0.0.1:4321 (docs at /docs)',
    ]);
    expect(lines[4]!.fields).toEqual({ port: 4321 });
    expect(lines.filter((line) => line.text.includes(config.generatedApiKey!))).toHaveLength(1);
  });

  it('warns when no provider has credentials, and prints no key line for configured keys', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789' }, parseApiKeys);
    const lines = startupLines(config, 1, []);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatchObject({ text: 'Provider credentials: none; missing for openai, anthropic (their models answer 503)', warn: true });
  });
});
