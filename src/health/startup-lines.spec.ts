import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from '../auth/api-keys.js';
import { loadConfig } from '../config/gateway-config.js';
import { browsableHost, startupLines } from './startup-lines.js';

describe('startupLines', () => {
  it('says where, the docs, the models and which providers have credentials; the generated key alone; the address last', () => {
    const config = loadConfig({ HOST: '127.0.0.1', OPENAI_API_KEY: 'k' }, parseApiKeys);
    const lines = startupLines(config, 4321, ['openai']);
    expect(lines.map((line) => line.text)).toEqual([
      'Models: gpt-4o (openai), claude (anthropic)',
      'Provider credentials: openai; missing for anthropic (their models answer 503)',
      'API docs at http://127.0.0.1:4321/docs; health at /health/live and /health/ready',
      'Responses API store: memory (at most 1000 responses, 67108864 bytes)',
      `GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: ${config.generatedApiKey}`,
      'Gateway listening on http://127.0.0.1:4321 (docs at /docs)',
    ]);
    expect(lines.at(-1)!.fields).toEqual({ port: 4321 });
    expect(lines.filter((line) => line.text.includes(config.generatedApiKey!))).toHaveLength(1);
  });

  it('warns when no provider has credentials, and prints no key line for configured keys', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789' }, parseApiKeys);
    const lines = startupLines(config, 1, []);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatchObject({ text: 'Provider credentials: none; missing for openai, anthropic (their models answer 503)', warn: true });
  });

  it('shows a browsable address: localhost for a wildcard HOST, brackets around IPv6', () => {
    const config = loadConfig({ HOST: '0.0.0.0', GATEWAY_API_KEYS: 'a-client-key-0123456789' }, parseApiKeys);
    expect(startupLines(config, 3000, ['openai']).at(-1)!.text).toBe('Gateway listening on http://localhost:3000 (docs at /docs)');
    expect(browsableHost('::')).toBe('localhost');
    expect(browsableHost('::1')).toBe('[::1]');
    expect(browsableHost('10.1.2.3')).toBe('10.1.2.3');
  });

  it('warns, before the address line, about admin keys without a database, a suspicious base URL and an old Node', () => {
    const config = loadConfig(
      { GATEWAY_API_KEYS: 'a-client-key-0123456789', GATEWAY_ADMIN_KEYS: 'an-admin-key-0123456789', ANTHROPIC_BASE_URL: 'https://api.anthropic.com/v1' },
      parseApiKeys,
    );
    const lines = startupLines(config, 1, ['openai', 'anthropic'], 'v20.20.2');
    const warnings = lines.filter((line) => line.warn).map((line) => line.text);
    expect(warnings).toEqual([
      expect.stringMatching(/^ANTHROPIC_BASE_URL ends in '\/v1'/),
      'GATEWAY_ADMIN_KEYS is set but DATABASE_URL is not: the admin API answers 503 until a database is configured',
      expect.stringMatching(/^Node v20\.20\.2 is older than the supported range/),
    ]);
    expect(lines.at(-1)!.text).toMatch(/^Gateway listening on /);
    expect(startupLines(config, 1, ['openai', 'anthropic'], 'v24.1.0').filter((line) => line.text.startsWith('Node '))).toEqual([]);
  });
});
