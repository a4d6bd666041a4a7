import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadObservabilitySettings } from './observability-settings.js';

describe('loadObservabilitySettings', () => {
  it('defaults: /metrics public, no payloads in logs', () => {
    expect(loadObservabilitySettings({})).toEqual({ metricsToken: undefined, logPayloads: false });
  });

  it('reads METRICS_TOKEN and LOG_PAYLOADS', () => {
    expect(loadObservabilitySettings({ METRICS_TOKEN: ' scrape-token-0123456789 ', LOG_PAYLOADS: 'true' })).toEqual({
      metricsToken: 'scrape-token-0123456789',
      logPayloads: true,
    });
  });

  it.each([
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 16 characters long$/],
    [{ METRICS_TOKEN: 'has a space in the token' }, /^METRICS_TOKEN must not contain whitespace/],
    [{ LOG_PAYLOADS: 'sometimes' }, /^LOG_PAYLOADS must be true or false/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadObservabilitySettings(env)).toThrow(ConfigError);
    expect(() => loadObservabilitySettings(env)).toThrow(message);
  });
});
