import { describe, expect, it } from '@jest/globals';
import { keyFingerprint, sha256 } from '../auth/api-keys.js';
import { ConfigError } from './config-error.js';
import { loadRateLimitSettings, parseOverrides } from './rate-limit-settings.js';

const BATCH = sha256('batch-key-0001');
const OTHER = sha256('other-key-0002');
const DIGESTS = [BATCH, OTHER];

describe('rate-limit settings', () => {
  it('has the documented defaults', () => {
    expect(loadRateLimitSettings({}, DIGESTS)).toEqual({
      defaults: { perMinute: 60, burst: 10 },
      windowMs: 60_000,
      burstWindowMs: 1000,
      overrides: new Map(),
      authFailureLimit: 20,
      authFailureWindowMs: 60_000,
      redisUrl: undefined,
      redisKeyPrefix: 'gw:',
      redisTimeoutMs: 250,
      failMode: 'open',
    });
  });

  it('reads every variable', () => {
    const settings = loadRateLimitSettings(
      {
        RATE_LIMIT_PER_MINUTE: '600',
        RATE_LIMIT_BURST: '50',
        RATE_LIMIT_WINDOW_MS: '3000',
        RATE_LIMIT_BURST_WINDOW_MS: '500',
        AUTH_FAILURE_LIMIT: '5',
        AUTH_FAILURE_WINDOW_MS: '10000',
        REDIS_URL: 'redis://127.0.0.1:6380/2',
        REDIS_KEY_PREFIX: 'test:',
        REDIS_TIMEOUT_MS: '100',
        RATE_LIMIT_FAIL_MODE: 'CLOSED',
      },
      DIGESTS,
    );
    expect(settings).toMatchObject({
      defaults: { perMinute: 600, burst: 50 },
      windowMs: 3000,
      burstWindowMs: 500,
      authFailureLimit: 5,
      authFailureWindowMs: 10_000,
      redisUrl: 'redis://127.0.0.1:6380/2',
      redisKeyPrefix: 'test:',
      redisTimeoutMs: 100,
      failMode: 'closed',
    });
  });

  it.each([
    ['RATE_LIMIT_BURST', '0'],
    ['RATE_LIMIT_PER_MINUTE', 'lots'],
    ['RATE_LIMIT_WINDOW_MS', '10'],
    ['RATE_LIMIT_FAIL_MODE', 'sometimes'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_URL', 'not a url'],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['AUTH_FAILURE_LIMIT', '-1'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadRateLimitSettings({ [name]: value }, DIGESTS)).toThrow(new RegExp(name));
  });

  describe('RATE_LIMIT_OVERRIDES', () => {
    it('takes key fingerprints and sha256: digests, keyed by fingerprint', () => {
      const overrides = parseOverrides(
        ` ${keyFingerprint(BATCH).toUpperCase()}=600/50 , sha256:${OTHER.toString('hex')}=5/2`,
        DIGESTS,
      );
      expect(overrides).toEqual(
        new Map([
          [keyFingerprint(BATCH), { perMinute: 600, burst: 50 }],
          [keyFingerprint(OTHER), { perMinute: 5, burst: 2 }],
        ]),
      );
    });

    it.each([
      ['batch=600/50', /must look like/],
      [`${keyFingerprint(BATCH)}=600`, /must look like/],
      ['deadbeef=600/50', /deadbeef, which is not one of GATEWAY_API_KEYS/],
      [`${keyFingerprint(BATCH)}=0/5`, /perMinute must be between 1 and/],
      [`${keyFingerprint(BATCH)}=5/1/`, /must look like/],
      [`${keyFingerprint(BATCH)}=5/1,${keyFingerprint(BATCH)}=6/2`, /entry 2 repeats key/],
    ])('refuses %s', (raw, message) => {
      expect(() => parseOverrides(raw, DIGESTS)).toThrow(ConfigError);
      expect(() => parseOverrides(raw, DIGESTS)).toThrow(message);
    });
  });
});
