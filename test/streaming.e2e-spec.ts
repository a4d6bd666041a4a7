// POST /v1/complete with "stream": true over real HTTP, against the simulator's SSE (docs/streaming.md).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamSimulator, type StreamFault } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { jsonEvents, readSse, streamedText, type SseItem } from './support/sse-client.js';

const PIECES = ['The ', 'ocean ', 'whispers.'];
const MAX_RESPONSE_BYTES = 16_384;

describe('POST /v1/complete with stream: true', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let dir: string;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    dir = mkdtempSync(join(tmpdir(), 'gw-streaming-'));
    const models = join(dir, 'models.yaml');
    writeFileSync(
      models,
      [
        'models:',
        '  - {id: gpt-4o}',
        '  - {id: claude}',
        `  - {id: local, provider: openai-compatible, base_url: "${upstream.url}/v1", upstream_model: llama, api_key_env: LOCAL_KEY}`,
        '  - {id: quick, provider: openai, upstream_model: gpt-4o-mini, request_timeout_ms: 1500}',
        // Long enough for an attempt to reach the simulator on a loaded machine: a timeout that fires before the request
        // arrives would make the count of upstream requests below depend on the scheduler.
        '  - {id: per-attempt, provider: openai, upstream_model: gpt-4o-mini, timeout_ms: 1000}',
        '  - {id: flaky, provider: openai, upstream_model: gpt-4o-mini, fallbacks: [claude]}',
        '',
      ].join('\n'),
    );
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_CONFIG: models,
      UPSTREAM_MAX_RETRIES: '1',
      UPSTREAM_RETRY_BASE_MS: '10',
      UPSTREAM_RETRY_MAX_MS: '20',
      STREAM_KEEPALIVE_MS: '200',
      UPSTREAM_MAX_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES),
      RATE_LIMIT_PER_MINUTE: '500',
      LOCAL_KEY: OPENAI_KEY,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => upstream.clear());

  const stream = (body: Record<string, unknown>, init: RequestInit = {}): Promise<Response> =>
    gateway.request('/v1/complete', { ...init, json: { prompt: 'Write about the ocean.', stream: true, ...body } });

  /** A failed stream: its last event is the error envelope with the response's request id, and no [DONE]. */
  function expectFailureEvent(response: Response, items: SseItem[], code: number, message: RegExp): void {
    const data = items.filter((item) => item.kind === 'data');
    expect(data.map((item) => item.text)).not.toContain('[DONE]');
    expect(JSON.parse(data.at(-1)!.text)).toEqual({
      success: false,
      error: { code, message: expect.stringMatching(message), type: expect.any(String), param: null, request_id: response.headers.get('x-request-id') },
    });
  }

  it('streams OpenAI tokens as events, then finish_reason and usage, then [DONE], with unbuffered headers', async () => {
    upstream.enqueue({ streamChunks: PIECES, usage: { input: 7, output: 3 } });
    const response = await stream({ model: 'gpt-4o' }, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
    expect(response.headers.get('x-ratelimit-remaining')).not.toBeNull();
    const items = await readSse(response);
    const events = jsonEvents(items);
    const head = { id: expect.stringMatching(/^cmpl-[0-9a-f]{32}$/), model: 'gpt-4o', served_by: 'gpt-4o' };
    expect(events).toEqual([
      ...PIECES.map((text) => ({ ...head, choices: [{ text, finish_reason: null }] })),
      { ...head, choices: [{ text: '', finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    expect(items.filter((item) => item.kind === 'data').at(-1)?.text).toBe('[DONE]');
    expect(upstream.requests[0]?.body).toMatchObject({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });
    expect(upstream.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('streams Anthropic text deltas with usage from message_start and message_delta', async () => {
    upstream.enqueue({ streamChunks: PIECES, finishReason: 'max_tokens', usage: { input: 11, output: 5 } }, 'anthropic');
    const items = await readSse(await stream({ model: 'claude', max_tokens: 5 }));
    expect(streamedText(items)).toBe(PIECES.join(''));
    expect(jsonEvents(items).at(-1)).toMatchObject({ choices: [{ text: '', finish_reason: 'length' }], usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 } });
    expect(items.at(-1)?.text).toBe('[DONE]');
    expect(upstream.requests[0]?.body).toMatchObject({ model: 'claude-sonnet-4-6', stream: true, max_tokens: 5 });
  });

  it('ends an openai-compatible stream that reports no usage with usage null, not invented numbers', async () => {
    upstream.enqueue({ streamChunks: PIECES, omitStreamUsage: true });
    const items = await readSse(await stream({ model: 'local' }));
    expect(streamedText(items)).toBe(PIECES.join(''));
    expect(jsonEvents(items).at(-1)).toMatchObject({ choices: [{ text: '', finish_reason: 'stop' }], usage: null });
    expect(items.at(-1)?.text).toBe('[DONE]');
  });

  it('refuses a stream that is not a boolean, naming the field', async () => {
    const response = await stream({ model: 'gpt-4o', stream: 'yes' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, error: { param: 'stream', message: "Invalid 'stream' parameter: must be true or false." } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('sends the first event as soon as the upstream sends it, long before the upstream has finished', async () => {
    upstream.enqueue({ streamChunks: ['first ', 'second ', 'third ', 'fourth ', 'fifth'], chunkDelayMs: 400 });
    const started = Date.now();
    const items = await readSse(await stream({ model: 'gpt-4o' }));
    const texts = items.filter((item) => item.kind === 'data');
    const first = texts[0]!.at - started;
    const last = texts.at(-1)!.at - started;
    expect(streamedText(items)).toBe('first second third fourth fifth');
    // Eight gaps of 400 ms upstream: the last event comes at least 2.4 s after the first.
    expect(last - first).toBeGreaterThanOrEqual(2400);
    expect(first).toBeLessThan(last / 2);
    // Each event came on its own, as the upstream sent it: the arrival times spread out.
    expect(new Set(texts.map((item) => Math.round(item.at / 200))).size).toBeGreaterThanOrEqual(5);
  });

  it('sends keep-alive comments while the upstream is silent', async () => {
    upstream.enqueue({ streamChunks: ['slow ', 'tokens'], chunkDelayMs: 700 });
    const items = await readSse(await stream({ model: 'gpt-4o' }));
    expect(streamedText(items)).toBe('slow tokens');
    expect(items.filter((item) => item.kind === 'comment' && item.text === 'keep-alive').length).toBeGreaterThanOrEqual(3);
  });

  it('retries a failure before the first event, then streams', async () => {
    upstream.enqueue({ status: 503 }).enqueue({ streamChunks: PIECES, streamFault: { afterPieces: 0, kind: 'error' } }, 'anthropic');
    upstream.enqueue({ streamChunks: PIECES });
    const response = await stream({ model: 'gpt-4o' });
    expect(response.headers.get('x-gateway-attempts')).toBe('2');
    expect(streamedText(await readSse(response))).toBe(PIECES.join(''));
  });

  it('times out an upstream silent before its first event per attempt, retries, then answers 504 in the envelope', async () => {
    upstream.setDefault({ streamChunks: PIECES, streamFault: { afterPieces: 0, kind: 'stall' } }, 'openai');
    const response = await stream({ model: 'per-attempt' });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ success: false, error: { code: 504, message: 'OpenAI did not answer within 1000 ms.' } });
    // The simulator records a request once its body is read, in this process: wait for that event, then count.
    await upstream.waitForRequests(2);
    expect(upstream.requests).toHaveLength(2);
    // Each timed-out attempt was cancelled, not left hanging.
    await upstream.waitForClientClose(0);
    await upstream.waitForClientClose(1);
  });

  it('falls back when the requested model fails before its first event', async () => {
    upstream.setDefault({ status: 500 }, 'openai').enqueue({ streamChunks: PIECES }, 'anthropic');
    const response = await stream({ model: 'flaky' });
    expect(response.status).toBe(200);
    const events = jsonEvents(await readSse(response));
    expect(events[0]).toMatchObject({ model: 'flaky', served_by: 'claude' });
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
  });

  it('answers a failure before the first event with the normal envelope and status', async () => {
    upstream.setDefault({ status: 400, body: { error: { message: 'Bad prompt', type: 'invalid_request_error', param: null, code: null } } }, 'openai');
    const response = await stream({ model: 'gpt-4o' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ success: false, error: { code: 400, message: 'OpenAI rejected the request: Bad prompt' } });
  });

  it('answers an error event before any text like the same failure as an HTTP status (retried, then the envelope)', async () => {
    upstream.setDefault({ streamChunks: PIECES, streamFault: { afterPieces: 0, kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, 'anthropic');
    const response = await stream({ model: 'claude' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { message: 'Anthropic reported an error in its stream (overloaded_error): Overloaded' } });
    expect(upstream.requests).toHaveLength(2);
  });

  it.each<[string, 'openai' | 'anthropic', StreamFault, RegExp]>([
    ['an Anthropic error event', 'anthropic', { afterPieces: 1, kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, /^Anthropic reported an error in its stream \(overloaded_error\): Overloaded$/],
    ['an OpenAI error chunk', 'openai', { afterPieces: 1, kind: 'error', error: { type: 'server_error', message: 'The server had an error' } }, /^OpenAI reported an error in its stream \(server_error\): The server had an error$/],
    ['a cut connection', 'openai', { afterPieces: 1, kind: 'cut' }, /^OpenAI could not be reached \(connection reset/],
    ['a malformed chunk', 'openai', { afterPieces: 1, kind: 'malformed' }, /^OpenAI sent a response the gateway could not read \(stream chunk is not a JSON object\)/],
    ['an OpenAI stream ending without [DONE]', 'openai', { afterPieces: 2, kind: 'truncate' }, /could not read \(the stream ended before its last event\)/],
    ['an Anthropic stream ending without message_stop', 'anthropic', { afterPieces: 2, kind: 'truncate' }, /could not read \(the stream ended before its last event\)/],
  ])('ends with one error event after %s, never [DONE]', async (_name, route, fault, message) => {
    upstream.enqueue({ streamChunks: PIECES, streamFault: fault }, route);
    const response = await stream({ model: route === 'openai' ? 'gpt-4o' : 'claude' });
    expect(response.status).toBe(200);
    const items = await readSse(response);
    expect(streamedText(items.slice(0, -1))).toBe(PIECES.slice(0, fault.afterPieces).join(''));
    expectFailureEvent(response, items, 502, message);
    // Not retried: the client already has part of the answer.
    expect(upstream.requests).toHaveLength(1);
  });

  it('ends with a 504 error event when the overall deadline passes mid-stream', async () => {
    upstream.enqueue({ streamChunks: PIECES, streamFault: { afterPieces: 1, kind: 'stall' } });
    const response = await stream({ model: 'quick' });
    const items = await readSse(response);
    expectFailureEvent(response, items, 504, /1500 ms deadline/);
    await upstream.waitForClientClose(0);
  });

  it('bounds the whole stream by UPSTREAM_MAX_RESPONSE_BYTES', async () => {
    // Spaced out, so that the stream has started (a first event went out) when the bound is passed.
    upstream.enqueue({ streamChunks: Array.from({ length: 200 }, (_, i) => `piece ${i} `), chunkDelayMs: 2 });
    const response = await stream({ model: 'gpt-4o' });
    const items = await readSse(response);
    expectFailureEvent(response, items, 502, /exceeded UPSTREAM_MAX_RESPONSE_BYTES \(16384 bytes\)/);
    expect(streamedText(items.slice(0, -1)).length).toBeGreaterThan(0);
  });

  it('aborts the upstream stream at once when the client disconnects', async () => {
    upstream.enqueue({ streamChunks: PIECES, streamFault: { afterPieces: 1, kind: 'stall' } });
    const controller = new AbortController();
    const response = await stream({ model: 'gpt-4o' }, { signal: controller.signal });
    const items = await readSse(response, (item) => item.kind === 'data' && controller.abort());
    expect(items[0]?.kind).toBe('data');
    const left = Date.now();
    await upstream.waitForClientClose(0, 2000);
    expect(Date.now() - left).toBeLessThan(1000);
    // The gateway goes on serving.
    upstream.enqueue({ streamChunks: PIECES });
    expect(streamedText(await readSse(await stream({ model: 'gpt-4o' })))).toBe(PIECES.join(''));
  });

  it('counts a stream once against the rate limit', async () => {
    const before = Number((await gateway.request('/v1/models')).headers.get('x-ratelimit-remaining'));
    upstream.enqueue({ streamChunks: PIECES, chunkDelayMs: 50 });
    const response = await stream({ model: 'gpt-4o' });
    await readSse(response);
    const after = Number((await gateway.request('/v1/models')).headers.get('x-ratelimit-remaining'));
    expect(Number(response.headers.get('x-ratelimit-remaining'))).toBe(before - 1);
    expect(after).toBe(before - 2);
  });

  it('answers the same request without stream exactly as before', async () => {
    upstream.enqueue({ text: 'plain', usage: { input: 1, output: 1 } });
    const response = await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi', stream: false } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ success: true, data: { choices: [{ text: 'plain', finish_reason: 'stop' }] } });
    expect(upstream.requests[0]?.body).not.toHaveProperty('stream');
  });
});
