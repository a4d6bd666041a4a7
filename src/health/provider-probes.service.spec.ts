import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseApiKeys } from '../auth/api-keys.js';
import { loadConfig, type Env } from '../config/gateway-config.js';
import { ProvidersService } from '../providers/providers.service.js';
import { UpstreamTransport } from '../providers/transport/upstream-transport.js';
import { PROBE_CACHE_MS, ProviderProbesService } from './provider-probes.service.js';

// A real loopback server stands in for the upstream's model listing; it counts what reaches it.
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}'), 30);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function probes(env: Env): ProviderProbesService {
  const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ...env }, parseApiKeys);
  return new ProviderProbesService(config, new ProvidersService(config, new UpstreamTransport(config)), async () => new HttpService(axios.create()));
}

describe('ProviderProbesService', () => {
  it("GETs the OpenAI model listing with the key, reports status and latency, and never the key", async () => {
    seen.length = 0;
    const report = await probes({ OPENAI_API_KEY: 'sk-secret-probe-key', OPENAI_BASE_URL: `${base}/v1` }).report();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/v1/models', headers: { authorization: 'Bearer sk-secret-probe-key' } });
    expect(report.providers[0]).toMatchObject({ provider: 'openai', url: `${base}/v1/models`, models: ['gpt-4o'], configured: true, reachable: true, ok: true, status: 200 });
    expect(report.providers[0]!.latency_ms).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(report)).not.toContain('sk-secret-probe-key');
  });

  it('reports a provider without its key as not configured, without calling it', async () => {
    seen.length = 0;
    const report = await probes({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${base}/v1`, ANTHROPIC_BASE_URL: base }).report();
    expect(seen.map((request) => request.url)).toEqual(['/v1/models']);
    expect(report.providers[1]).toMatchObject({
      provider: 'anthropic', configured: false, reachable: false, status: null, error: 'not configured: ANTHROPIC_API_KEY is not set',
    });
  });

  it("sends Anthropic's x-api-key and anthropic-version to /v1/models", async () => {
    seen.length = 0;
    await probes({ ANTHROPIC_API_KEY: 'ak', ANTHROPIC_BASE_URL: base }).report();
    expect(seen[0]).toMatchObject({ url: '/v1/models', headers: { 'x-api-key': 'ak', 'anthropic-version': '2023-06-01' } });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('shares one probe between concurrent callers and serves it for 30 s', async () => {
    seen.length = 0;
    const service = probes({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${base}/v1` });
    const [first, second] = await Promise.all([service.report(), service.report()]);
    expect(seen).toHaveLength(1);
    expect(second).toBe(first);
    expect(await service.report(Date.now() + PROBE_CACHE_MS - 1000)).toBe(first);
    expect(seen).toHaveLength(1);
    await service.report(Date.now() + PROBE_CACHE_MS + 1);
    expect(seen).toHaveLength(2);
  });

  it('reports an upstream that refuses the connection as unreachable', async () => {
    const report = await probes({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).report();
    expect(report.providers[0]).toMatchObject({ configured: true, reachable: false, ok: false, status: null, error: 'ECONNREFUSED' });
  });
});
