import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface ErrorEnvelope {
  success: false;
  error: { code: number; message: string; type: string; param: string | null; request_id: string };
}

const VALID = { model: 'gpt-4o', prompt: 'Hello' };

/** `levels` arrays around a string: inside a body, 1 + levels deep. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** Raw JSON text `levels` deep, for depths JSON.stringify itself would refuse. */
function deepText(levels: number): string {
  return `{"model":"gpt-4o","prompt":"x","stop":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

/** [what, body, param named in the error, message fragment] */
const CASES: [string, unknown, string | null, string][] = [
  ['missing model', { prompt: 'x' }, 'model', "Invalid 'model' parameter."],
  ['empty model', { model: '', prompt: 'x' }, 'model', "Invalid 'model' parameter."],
  ['unknown model', { model: 'gpt-5-turbo', prompt: 'x' }, 'model', "Invalid 'model' parameter."],
  ['model not a string', { model: 42, prompt: 'x' }, 'model', "Invalid 'model' parameter."],
  ['missing prompt', { model: 'gpt-4o' }, 'prompt', "'prompt'"],
  ['empty prompt', { model: 'gpt-4o', prompt: '' }, 'prompt', 'must not be empty'],
  ['prompt not a string', { ...VALID, prompt: ['a'] }, 'prompt', 'must be a string'],
  ['max_tokens as a string', { ...VALID, max_tokens: '50' }, 'max_tokens', 'must be an integer'],
  ['max_tokens fractional', { ...VALID, max_tokens: 1.5 }, 'max_tokens', 'must be an integer'],
  ['max_tokens zero', { ...VALID, max_tokens: 0 }, 'max_tokens', 'at least 1'],
  ['max_tokens over the model cap', { ...VALID, max_tokens: 16385 }, 'max_tokens', 'at most 16384'],
  ['max_tokens over the claude cap', { model: 'claude', prompt: 'x', max_tokens: 64001 }, 'max_tokens', 'at most 64000'],
  ['temperature as a string', { ...VALID, temperature: '0.5' }, 'temperature', 'must be a number'],
  ['temperature negative', { ...VALID, temperature: -0.1 }, 'temperature', 'between 0 and 2'],
  ['temperature above 2', { ...VALID, temperature: 2.01 }, 'temperature', 'between 0 and 2'],
  ['temperature above 1 for claude', { model: 'claude', prompt: 'x', temperature: 1.5 }, 'temperature', 'between 0 and 1'],
  ['top_p above 1', { ...VALID, top_p: 1.1 }, 'top_p', 'between 0 and 1'],
  ['top_p a boolean', { ...VALID, top_p: true }, 'top_p', 'must be a number'],
  ['stop with 5 entries', { ...VALID, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', 'at most 4'],
  ['stop with an empty string', { ...VALID, stop: ['a', ''] }, 'stop', 'non-empty'],
  ['stop a number', { ...VALID, stop: 7 }, 'stop', "'stop'"],
  ['stop list of numbers', { ...VALID, stop: [1] }, 'stop', "'stop'"],
  ['a typo: max_token', { ...VALID, max_token: 50 }, 'max_token', "Unknown parameter 'max_token'"],
  // `stream` is a field since streaming (docs/streaming.md); `n` is one the gateway does not take.
  ['an unknown field', { ...VALID, n: 2 }, 'n', "Unknown parameter 'n'"],
  ['stream a string', { ...VALID, stream: 'true' }, 'stream', "Invalid 'stream' parameter: must be true or false."],
  ['stream a number', { ...VALID, stream: 1 }, 'stream', 'must be true or false'],
  ['a JSON array body', [VALID], null, 'JSON object'],
  ...['constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype'].map(
    (name): [string, unknown, string, string] => [`a field named ${name}`, { ...VALID, [name]: 1 }, name, `Unknown parameter '${name}'.`],
  ),
  ['a field 33 levels deep', { ...VALID, stop: nested(32) }, 'stop', 'at most 32 levels'],
  ['a field 2,000 levels deep', { ...VALID, stop: nested(2000) }, 'stop', 'JSON nested too deeply'],
  ['a JSON string body', 'hello', null, 'JSON object'],
];

describe('request validation (400 naming the field, nothing sent upstream)', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    gateway = await startGateway(simulatorEnv(upstream.url));
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it.each(CASES)('%s → 400', async (_what, body, param, fragment) => {
    const response = await gateway.request('/v1/complete', { json: body });
    expect(response.status).toBe(400);
    const envelope = (await response.json()) as ErrorEnvelope;
    expect(envelope.success).toBe(false);
    expect(envelope.error).toEqual({
      code: 400,
      message: expect.stringContaining(fragment),
      type: 'invalid_request_error',
      param,
      request_id: response.headers.get('x-request-id'),
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 400 naming the limit for 100,000 levels (Fastify parses it; nothing recursive sees it)', async () => {
    for (const body of [deepText(100_000), '['.repeat(100_000) + ']'.repeat(100_000)]) {
      const response = await gateway.request('/v1/complete', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(400);
      const envelope = (await response.json()) as ErrorEnvelope;
      expect(envelope.error.message).toMatch(/^JSON nested too deeply.*: at most 32 levels of objects and arrays are accepted\.$/);
    }
    expect(gateway.logs.filter((line) => line.includes('Maximum call stack'))).toEqual([]);
  });

  it('echoes at most 64 characters of an unknown field name (a 1 MB name does not make a 2 MB answer)', async () => {
    const name = 'k'.repeat(1_000_000);
    const response = await gateway.request('/v1/complete', { json: { ...VALID, [name]: 1 } });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text)).toMatchObject({ error: { param: `${'k'.repeat(64)}…`, message: `Unknown parameter '${'k'.repeat(64)}…'.` } });
  });

  it('refuses a __proto__ key (Fastify\'s parser rejects prototype keys before validation)', async () => {
    const body = '{"model":"gpt-4o","prompt":"x","__proto__":{"admin":true}}';
    const response = await gateway.request('/v1/complete', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorEnvelope).error.type).toBe('invalid_request_error');
    expect(upstream.requests).toHaveLength(0);
  });

  it('accepts the boundaries: max_tokens at the cap, temperature 0 and 2, top_p 0 and 1, four stops, nulls', async () => {
    const bodies = [
      { ...VALID, max_tokens: 16384 },
      { ...VALID, temperature: 0, top_p: 0 },
      { ...VALID, temperature: 2, top_p: 1 },
      { ...VALID, stop: ['a', 'b', 'c', 'd'] },
      { ...VALID, temperature: null, top_p: null, max_tokens: null, stop: null },
      { model: 'claude', prompt: 'x', temperature: 1, max_tokens: 64000 },
    ];
    for (const body of bodies) {
      const response = await gateway.request('/v1/complete', { json: body });
      expect({ body, status: response.status }).toEqual({ body, status: 200 });
    }
  });
});

describe('MAX_JSON_DEPTH sets the depth limit', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', MAX_JSON_DEPTH: '3' });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('refuses a body 4 levels deep under MAX_JSON_DEPTH=3, naming the limit and the field', async () => {
    const response = await gateway.request('/v1/complete', { json: { ...VALID, stop: [[['x']]] } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorEnvelope).error).toMatchObject({
      param: 'stop',
      message: "JSON nested too deeply in 'stop': at most 3 levels of objects and arrays are accepted.",
    });
  });
});
