import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface ModelList {
  success: true;
  data: { models: { id: string; description: string; provider: string; max_output_tokens: number; available: boolean }[] };
}

const FIXTURE = join(import.meta.dirname, 'fixtures/models.yaml');

describe('GET /v1/models', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.close());

  it('lists the built-in models with the seed descriptions, in the envelope', async () => {
    const response = await gateway.request('/v1/models');
    expect(response.status).toBe(200);
    const body = (await response.json()) as ModelList;
    expect(body).toEqual({
      success: true,
      data: {
        models: [
          { id: 'gpt-4o', description: 'GPT-4 optimized for high performance and accuracy.', provider: 'openai', max_output_tokens: 16384, available: true, supports_tools: true, supports_vision: true, supports_json_schema: true },
          { id: 'claude', description: 'Claude model for conversational AI tasks.', provider: 'anthropic', max_output_tokens: 64000, available: true, supports_tools: true, supports_vision: true, supports_json_schema: true },
        ],
      },
    });
  });

  it('is cacheable: ETag and private Cache-Control, 304 on a matching If-None-Match', async () => {
    const first = await gateway.request('/v1/models');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, max-age=300');

    const cached = await gateway.request('/v1/models', { headers: { 'if-none-match': etag! } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    expect(cached.headers.get('etag')).toBe(etag);

    const weakInList = await gateway.request('/v1/models', { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weakInList.status).toBe(304);

    const stale = await gateway.request('/v1/models', { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('needs a key even for a 304', async () => {
    const etag = (await gateway.request('/v1/models')).headers.get('etag')!;
    const response = await gateway.request('/v1/models', { auth: false, headers: { 'if-none-match': etag } });
    expect(response.status).toBe(401);
  });
});

describe('GATEWAY_CONFIG model list', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    const dir = mkdtempSync(join(tmpdir(), 'gw-models-'));
    const file = join(dir, 'models.yaml');
    // The fixture with the local server pointed at the simulator.
    writeFileSync(
      file,
      `models:\n  - id: gpt-4o\n    max_output_tokens: 8000\n  - id: local-llama\n    description: Llama on vLLM.\n`
        + `    provider: openai-compatible\n    base_url: ${upstream.url}/v1\n    upstream_model: meta-llama/Llama-3.1-8B-Instruct\n`
        + `    api_key_env: LOCAL_LLAMA_KEY\n    max_output_tokens: 2048\n`,
    );
    gateway = await startGateway({ ...simulatorEnv(upstream.url), GATEWAY_CONFIG: file, LOCAL_LLAMA_KEY: 'local-secret-key' });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('extends the built-ins and overrides their fields', async () => {
    const body = (await (await gateway.request('/v1/models')).json()) as ModelList;
    expect(body.data.models.map((m) => [m.id, m.provider, m.max_output_tokens, m.available])).toEqual([
      ['gpt-4o', 'openai', 8000, true],
      ['claude', 'anthropic', 64000, true],
      ['local-llama', 'openai-compatible', 2048, true],
    ]);
  });

  it('serves an openai-compatible model through its own base URL and key', async () => {
    upstream.clear();
    const response = await gateway.request('/v1/complete', { json: { model: 'local-llama', prompt: 'hi', max_tokens: 20 } });
    expect(response.status).toBe(200);
    const received = upstream.requests[0];
    expect(received?.headers.authorization).toBe('Bearer local-secret-key');
    expect(received?.body).toEqual({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages: [{ role: 'user', content: 'hi' }],
      // openai-compatible servers know max_tokens; max_completion_tokens is OpenAI's own.
      max_tokens: 20,
    });
    const limited = await gateway.request('/v1/complete', { json: { model: 'local-llama', prompt: 'hi', max_tokens: 2049 } });
    expect(limited.status).toBe(400);
  });

  it("refuses a temperature above the openai-compatible default cap of 1, without calling the upstream", async () => {
    upstream.clear();
    const response = await gateway.request('/v1/complete', { json: { model: 'local-llama', prompt: 'hi', temperature: 1.5 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; param: string } };
    expect(body.error).toMatchObject({ param: 'temperature', message: "Invalid 'temperature' parameter: must be between 0 and 1 for model 'local-llama'." });
    expect(upstream.requests).toHaveLength(0);
    expect((await gateway.request('/v1/complete', { json: { model: 'local-llama', prompt: 'hi', temperature: 1 } })).status).toBe(200);
  });

  it('the checked-in example file is a valid model list', async () => {
    const other = await startGateway({ GATEWAY_CONFIG: FIXTURE });
    try {
      const body = (await (await other.request('/v1/models')).json()) as ModelList;
      const local = body.data.models.find((m) => m.id === 'local-llama');
      // LOCAL_LLAMA_KEY is not set for this process: listed, but unavailable.
      expect(local).toMatchObject({ provider: 'openai-compatible', available: false });
      const response = await other.request('/v1/complete', { json: { model: 'local-llama', prompt: 'hi' } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('LOCAL_LLAMA_KEY');
    } finally {
      await other.close();
    }
  });
});
