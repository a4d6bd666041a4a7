import { describe, expect, it } from '@jest/globals';
import { parseApiKeys } from '../auth/api-keys.js';
import { ConfigError } from './config-error.js';
import { loadConfig, type Env } from './gateway-config.js';

const load = (env: Env) => loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ...env }, parseApiKeys);

describe('LOG_FORMAT and SHUTDOWN_DRAIN_DELAY_MS', () => {
  it('default to JSON logs and no drain delay', () => {
    expect(load({})).toMatchObject({ logFormat: 'json', shutdownDrainDelayMs: 0 });
  });

  it('read pretty (any case) and a delay', () => {
    expect(load({ LOG_FORMAT: 'Pretty', SHUTDOWN_DRAIN_DELAY_MS: '5000' })).toMatchObject({ logFormat: 'pretty', shutdownDrainDelayMs: 5000 });
  });

  it.each([
    [{ LOG_FORMAT: 'xml' }, "LOG_FORMAT must be json or pretty; got 'xml'"],
    [{ SHUTDOWN_DRAIN_DELAY_MS: '-1' }, 'SHUTDOWN_DRAIN_DELAY_MS must be a whole number'],
    [{ SHUTDOWN_DRAIN_DELAY_MS: '700000' }, 'SHUTDOWN_DRAIN_DELAY_MS must be between 0 and 600000'],
  ])('refuses %j with a ConfigError naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});
