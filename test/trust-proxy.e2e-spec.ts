import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLIENT_KEY, RATE_LIMIT_DEFAULTS, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { requestFrom, requestLine } from './support/from-address.js';

// TRUST_PROXY decides whose X-Forwarded-For the gateway believes, and so which address the failed-authentication
// limit counts and the request log shows. The test process is both "proxy" (127.0.0.1) and the clients behind it.
const LIMITED = { ...RATE_LIMIT_DEFAULTS, RATE_LIMIT_BURST: '1000', RATE_LIMIT_PER_MINUTE: '100000', AUTH_FAILURE_LIMIT: '2' };
const wrongKey = (i: number): Record<string, string> => ({ authorization: `Bearer wrong-guess-${i}-0000000000` });

describe('TRUST_PROXY=127.0.0.1 (behind a proxy on loopback)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ ...LIMITED, TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => gateway.close());

  const via = (client: string, headers: Record<string, string>) =>
    requestFrom(gateway.port, '127.0.0.1', '/v1/models', { headers: { 'x-forwarded-for': client, ...headers } });

  it('gives each forwarded client its own failed-authentication budget', async () => {
    expect((await via('198.51.100.1', wrongKey(1))).status).toBe(401);
    expect((await via('198.51.100.1', wrongKey(2))).status).toBe(401);
    const blocked = await via('198.51.100.1', wrongKey(3));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toContain('Too many failed authentication attempts from this address');

    // Another client behind the same proxy is untouched: a wrong key is still a 401, the right one a 200.
    expect((await via('198.51.100.2', wrongKey(4))).status).toBe(401);
    expect((await via('198.51.100.2', { authorization: `Bearer ${CLIENT_KEY}` })).status).toBe(200);
    // The right key from the blocked client is refused too: the limit is per client address.
    expect((await via('198.51.100.1', { authorization: `Bearer ${CLIENT_KEY}` })).status).toBe(429);
  });

  it('takes the right-most address the proxy appended, not the ones the client put first', async () => {
    const headers = { authorization: `Bearer ${CLIENT_KEY}`, 'x-request-id': 'trust-forwarded-1' };
    expect((await via('203.0.113.66, 198.51.100.3', headers)).status).toBe(200);
    expect((await requestLine(gateway.logs, 'trust-forwarded-1'))?.client_ip).toBe('198.51.100.3');
  });

  it('ignores X-Forwarded-For from an address it does not trust', async () => {
    const response = await requestFrom(gateway.port, '127.0.0.5', '/v1/models', {
      headers: { 'x-forwarded-for': '198.51.100.9', authorization: `Bearer ${CLIENT_KEY}`, 'x-request-id': 'trust-untrusted-1' },
    });
    expect(response.status).toBe(200);
    expect((await requestLine(gateway.logs, 'trust-untrusted-1'))?.client_ip).toBe('127.0.0.5');
  });
});

describe('without TRUST_PROXY (the default)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(LIMITED);
  });
  afterAll(() => gateway.close());

  it('ignores X-Forwarded-For: a forged header per attempt does not dodge the failed-authentication limit', async () => {
    const from = (forged: string, headers: Record<string, string>) =>
      requestFrom(gateway.port, '127.0.0.1', '/v1/models', { headers: { 'x-forwarded-for': forged, ...headers } });
    expect((await from('198.51.100.11', wrongKey(1))).status).toBe(401);
    expect((await from('198.51.100.12', wrongKey(2))).status).toBe(401);
    expect((await from('198.51.100.13', wrongKey(3))).status).toBe(429);
    expect((await from('198.51.100.14', { authorization: `Bearer ${CLIENT_KEY}`, 'x-request-id': 'forged-4' })).status).toBe(429);
    expect((await requestLine(gateway.logs, 'forged-4'))?.client_ip).toBe('127.0.0.1');
  });
});

it('refuses to start with a TRUST_PROXY entry that is not an address or range', async () => {
  await expect(startGateway({ TRUST_PROXY: '127.0.0.1,proxy.internal' })).rejects.toThrow(
    /Configuration error: TRUST_PROXY entry 2 \('proxy\.internal'\) must be an IP address/,
  );
});
