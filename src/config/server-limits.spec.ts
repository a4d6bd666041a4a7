import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadServerLimits } from './server-limits.js';

describe('loadServerLimits', () => {
  it('has documented defaults', () => {
    expect(loadServerLimits({})).toEqual({ bodyTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, maxConnections: 4_096 });
  });

  it('reads every variable', () => {
    const env = { BODY_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '9000', MAX_CONNECTIONS: '10' };
    expect(loadServerLimits(env)).toEqual({ bodyTimeoutMs: 5000, headersTimeoutMs: 2000, keepAliveTimeoutMs: 9000, maxConnections: 10 });
  });

  it('keeps the headers deadline within a short body deadline by default', () => {
    expect(loadServerLimits({ BODY_TIMEOUT_MS: '1000' }).headersTimeoutMs).toBe(1000);
  });

  it.each([
    [{ BODY_TIMEOUT_MS: 'soon' }, /BODY_TIMEOUT_MS must be a whole number/],
    [{ BODY_TIMEOUT_MS: '0' }, /BODY_TIMEOUT_MS must be between/],
    [{ MAX_CONNECTIONS: '0' }, /MAX_CONNECTIONS must be between/],
    [{ KEEP_ALIVE_TIMEOUT_MS: '-1' }, /KEEP_ALIVE_TIMEOUT_MS must be a whole number/],
    [{ BODY_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' }, /HEADERS_TIMEOUT_MS \(2000\) must not be longer than BODY_TIMEOUT_MS \(1000\)/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadServerLimits(env)).toThrow(ConfigError);
    expect(() => loadServerLimits(env)).toThrow(message);
  });
});
