import { describe, expect, it } from '@jest/globals';
import type { GatewayConfig } from '../config/gateway-config.js';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import { keyFingerprint, sha256 } from './api-keys.js';
import type { RateLimitService as RateLimitServiceType } from '../rate-limit/rate-limit.service.js';
import type { ManagedKeys } from '../teams/managed-keys.service.js';

bridgeNestForCommonJs();
const { KeyAuthenticator } = await import('./key-authenticator.js');

const KEY = 'unit-client-key-0123456789';
const OTHER = 'unit-client-key-abcdefghij';

function authenticator(managedSeen: string[] = []): InstanceType<typeof KeyAuthenticator> {
  const config = { apiKeyDigests: [sha256(KEY), sha256(OTHER)] } as unknown as GatewayConfig;
  const managed = { identifyCached: (token: string) => void managedSeen.push(token) } as unknown as ManagedKeys;
  return new KeyAuthenticator(config, {} as RateLimitServiceType, managed);
}

describe('KeyAuthenticator.identify', () => {
  it('identifies each configured key by its fingerprint, the same on every request', () => {
    const auth = authenticator();
    for (let i = 0; i < 3; i++) {
      expect(auth.identify(`Bearer ${KEY}`)).toEqual({ keyId: keyFingerprint(sha256(KEY)) });
      expect(auth.identify(`Bearer ${OTHER}`)).toEqual({ keyId: keyFingerprint(sha256(OTHER)) });
    }
  });

  it('keeps refusing wrong keys after a valid one was seen, prefixes and extensions included, and asks the managed keys', () => {
    const managedSeen: string[] = [];
    const auth = authenticator(managedSeen);
    expect(auth.identify(`Bearer ${KEY}`)).toBeDefined();
    for (const wrong of [KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase(), 'nope-nope-nope']) {
      expect(auth.identify(`Bearer ${wrong}`)).toBeUndefined();
    }
    expect(managedSeen).toEqual([KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase(), 'nope-nope-nope']);
    expect(auth.identify(undefined)).toBeUndefined();
    expect(auth.identify(`Basic ${KEY}`)).toBeUndefined();
  });

  it('hands out an identity no request can change for the next one', () => {
    const auth = authenticator();
    const first = auth.identify(`Bearer ${KEY}`)!;
    expect(() => Object.assign(first, { keyId: 'other' })).toThrow(TypeError);
    expect(auth.identify(`Bearer ${KEY}`)).toEqual({ keyId: keyFingerprint(sha256(KEY)) });
  });
});
