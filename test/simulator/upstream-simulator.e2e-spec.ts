// Tests of the upstream simulator itself, over real HTTP/1.1 and HTTP/2.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamSimulator, type SimulatorOptions } from './upstream-simulator.js';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

const chatBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'gpt-test',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello there, simulator' },
  ],
  ...extra,
});

const messagesBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'claude-test',
  max_tokens: 100,
  system: 'Be brief.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi Claude' }] }],
  ...extra,
});

let sim: UpstreamSimulator | undefined;

async function startSim(options?: SimulatorOptions): Promise<UpstreamSimulator> {
  sim = await UpstreamSimulator.start(options);
  return sim;
}

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

/** POST over node:http, so tests control the agent (keep-alive) and see raw socket errors. */
function httpPost(url: string, body: unknown, agent?: http.Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function dataLines(sse: string): string[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => frame.replace(/^data: /, ''));
}

function anthropicEvents(sse: string): { event: string; data: Record<string, unknown> }[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      return { event: eventLine.replace(/^event: /, ''), data: JSON.parse(dataLine.replace(/^data: /, '')) as Record<string, unknown> };
    });
}

describe('UpstreamSimulator default replies', () => {
  it('answers OpenAI chat completions with a valid body echoing the model', async () => {
    const s = await startSim();
    const res = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const text = 'Simulated reply to: Hello there, simulator';
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-test',
      choices: [
        { index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null },
      ],
      usage: { prompt_tokens: Math.ceil((9 + 22) / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: 8 + 11 },
    });
  });

  it('accepts /chat/completions without /v1 and truncates at max_completion_tokens', async () => {
    const s = await startSim();
    const res = await post(`${s.url}/chat/completions`, chatBody({ max_completion_tokens: 2 }));
    const body = res.json() as { choices: { message: { content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
    expect(body.choices[0].message.content).toBe('Simulate');
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(2);
    const legacy = await post(`${s.url}/v1/chat/completions`, chatBody({ max_tokens: 1 }));
    expect(legacy.json()).toMatchObject({ choices: [{ message: { content: 'Simu' }, finish_reason: 'length' }] });
  });

  it('answers Anthropic messages with a valid body and a request-id header', async () => {
    const s = await startSim();
    const res = await post(`${s.url}/v1/messages`, messagesBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const text = 'Simulated reply to: Hi Claude';
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text }],
      model: 'claude-test',
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: Math.ceil((9 + 9) / 4), output_tokens: Math.ceil(text.length / 4) },
    });
    const short = await post(`${s.url}/v1/messages`, messagesBody({ max_tokens: 3 }));
    expect(short.json()).toMatchObject({ content: [{ text: 'Simulated re' }], stop_reason: 'max_tokens' });
  });

  it('uses scripted text, finish reason and usage in the default body', async () => {
    const s = await startSim();
    s.enqueue({ text: 'Exactly this.', finishReason: 'content_filter', usage: { input: 7, output: 3 } });
    const res = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(res.json()).toMatchObject({
      choices: [{ message: { content: 'Exactly this.' }, finish_reason: 'content_filter' }],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    });
  });

  it('answers unknown paths with 404 and unparsable bodies with 400, in the route format', async () => {
    const s = await startSim();
    // /v1/embeddings is known since the embeddings wire (embeddings-wire.ts); audio is not simulated.
    const missing = await post(`${s.url}/v1/audio/speech`, {});
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: { message: 'Invalid URL (POST /v1/audio/speech)', type: 'invalid_request_error', param: null, code: null } });
    const getChat = await fetch(`${s.url}/v1/chat/completions`);
    expect(getChat.status).toBe(404);

    const badOpenai = await post(`${s.url}/v1/chat/completions`, '{not json');
    expect(badOpenai.status).toBe(400);
    expect(badOpenai.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const badAnthropic = await post(`${s.url}/v1/messages`, '{not json');
    expect(badAnthropic.status).toBe(400);
    expect(badAnthropic.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(s.requests.map((r) => r.route)).toEqual([undefined, undefined, 'openai', 'anthropic']);
  });
});

describe('UpstreamSimulator scripting', () => {
  it('sends scripted status with the standard error body and extra headers', async () => {
    const s = await startSim();
    s.enqueue({ status: 429, headers: { 'Retry-After': '1' } }).enqueue({ status: 529 });
    const openai = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(openai.status).toBe(429);
    expect(openai.headers.get('retry-after')).toBe('1');
    expect(openai.json()).toEqual({ error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' } });

    const anthropic = await post(`${s.url}/v1/messages`, messagesBody());
    expect(anthropic.status).toBe(529);
    expect(anthropic.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: anthropic.headers.get('request-id'),
    });
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
  ])('maps Anthropic status %i to %s', async (status, type) => {
    const s = await startSim();
    s.enqueue({ status });
    const res = await post(`${s.url}/v1/messages`, messagesBody());
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject({ type: 'error', error: { type } });
  });

  it('maps OpenAI statuses to their error types and codes', async () => {
    const s = await startSim();
    const cases: [number, string, string | null][] = [
      [400, 'invalid_request_error', null],
      [401, 'invalid_request_error', 'invalid_api_key'],
      [404, 'invalid_request_error', 'model_not_found'],
      [500, 'server_error', null],
    ];
    for (const [status] of cases) s.enqueue({ status });
    for (const [status, type, code] of cases) {
      const res = await post(`${s.url}/v1/chat/completions`, chatBody());
      expect(res.status).toBe(status);
      expect(res.json()).toMatchObject({ error: { type, code } });
    }
  });

  it('sends a scripted JSON body or raw body', async () => {
    const s = await startSim();
    s.enqueue({ status: 418, body: { custom: true } }).enqueue({ rawBody: 'plain bytes', headers: { 'content-type': 'text/plain' } });
    const custom = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(custom.status).toBe(418);
    expect(custom.json()).toEqual({ custom: true });
    const raw = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(raw.text).toBe('plain bytes');
    expect(raw.headers.get('content-type')).toBe('text/plain');
  });

  it('uses queued replies in FIFO order, respecting routes, then falls back to the default', async () => {
    const s = await startSim();
    s.enqueue({ status: 503 }, 'anthropic').enqueue({ status: 502 }).enqueue({ status: 501 }, 'openai');
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(502);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(501);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(200);
    expect((await post(`${s.url}/v1/messages`, messagesBody())).status).toBe(503);
    expect((await post(`${s.url}/v1/messages`, messagesBody())).status).toBe(200);
  });

  it('replaces the default reply per route or for both, and clear() forgets it', async () => {
    const s = await startSim();
    s.setDefault({ status: 500 });
    s.setDefault({ status: 529 }, 'anthropic');
    s.enqueue({ status: 200 });
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(200);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(500);
    expect((await post(`${s.url}/v1/messages`, messagesBody())).status).toBe(529);
    expect(s.requests).toHaveLength(3);

    s.enqueue({ status: 400 });
    s.clear();
    expect(s.requests).toHaveLength(0);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(200);
    expect((await post(`${s.url}/v1/messages`, messagesBody())).status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('delays a reply by delayMs, and every reply by latencyMs', async () => {
    const s = await startSim({ latencyMs: 150 });
    s.enqueue({ delayMs: 400 });
    let started = Date.now();
    await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    started = Date.now();
    await post(`${s.url}/v1/messages`, messagesBody());
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(390);
  });

  it('stops a delayed reply when the client gives up, recording clientClosed', async () => {
    const s = await startSim();
    s.enqueue({ delayMs: 10_000 });
    const aborted = post(`${s.url}/v1/chat/completions`, chatBody(), {}, AbortSignal.timeout(200));
    await expect(aborted).rejects.toThrow();
    await s.waitForClientClose(0, 2000);
    expect(s.requests[0].clientClosed).toBe(true);
  });

  it('resets the connection without answering', async () => {
    const s = await startSim();
    s.enqueue({ reset: true });
    await expect(httpPost(`${s.url}/v1/chat/completions`, chatBody())).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0].clientClosed).toBe(false);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody())).status).toBe(200);
  });

  it('sends malformed JSON with status 200 for both formats', async () => {
    const s = await startSim();
    s.enqueue({ malformed: true }).enqueue({ malformed: true });
    for (const [path, body] of [['/v1/chat/completions', chatBody()], ['/v1/messages', messagesBody()]] as const) {
      const res = await post(`${s.url}${path}`, body);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.text.length).toBeGreaterThan(0);
      expect(() => res.json()).toThrow(SyntaxError);
    }
  });

  it('cuts a body after the given bytes: the promised length, part of the body, then the connection closes', async () => {
    const s = await startSim();
    s.enqueue({ rawBody: '{"error":{"message":"cut here"}}', cutAfterBytes: 5 });
    const received = await new Promise<{ status: number; length: string | undefined; bytes: number; failed: boolean }>((resolve) => {
      const req = http.request(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        const finish = (failed: boolean) => resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], bytes, failed });
        res.on('end', () => finish(false));
        res.on('aborted', () => finish(true));
        res.on('error', () => finish(true));
      });
      req.end(JSON.stringify(chatBody()));
    });
    expect(received).toEqual({ status: 200, length: '32', bytes: 5, failed: true });
  });

  it('hangs until the client closes', async () => {
    const s = await startSim();
    s.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = post(`${s.url}/v1/chat/completions`, chatBody(), {}, controller.signal);
    await s.waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.requests[0].clientClosed).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await s.waitForClientClose(0);
    expect(s.requests[0].clientClosed).toBe(true);
  });

  it('stop() ends hanging requests and never hangs itself', async () => {
    const s = await startSim();
    s.setDefault({ hang: true });
    const pending = [post(`${s.url}/v1/chat/completions`, chatBody()), post(`${s.url}/v1/messages`, messagesBody())];
    const settled = Promise.allSettled(pending);
    await s.waitForRequests(2);
    const started = Date.now();
    await s.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await settled).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The simulator closed them, not the clients.
    expect(s.requests.map((r) => r.clientClosed)).toEqual([false, false]);
    await s.stop(); // idempotent
  });

  it('rejects waitForRequests after the timeout', async () => {
    const s = await startSim();
    await expect(s.waitForRequests(1, 50)).rejects.toThrow(/timed out after 50 ms waiting for 1 requests \(got 0\)/);
  });
});

describe('UpstreamSimulator streaming', () => {
  it('streams OpenAI chunks word by word, then [DONE]', async () => {
    const s = await startSim();
    const res = await post(`${s.url}/v1/chat/completions`, chatBody({ stream: true }));
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const lines = dataLines(res.text);
    expect(lines.at(-1)).toBe('[DONE]');
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l) as { id: string; object: string; model: string; choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[] });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-test')).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    const pieces = chunks.slice(1, -1).map((c) => c.choices[0].delta.content);
    expect(pieces).toEqual(['Simulated ', 'reply ', 'to: ', 'Hello ', 'there, ', 'simulator']);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('adds a usage chunk with empty choices when include_usage is set', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], usage: { input: 5, output: 2 } });
    const res = await post(`${s.url}/chat/completions`, chatBody({ stream: true, stream_options: { include_usage: true } }));
    const lines = dataLines(res.text);
    expect(lines).toHaveLength(6); // role, a, b, finish, usage, [DONE]
    expect(JSON.parse(lines[4])).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(lines[5]).toBe('[DONE]');
  });

  it('spaces SSE events by chunkDelayMs and sends them as they are produced', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['one', 'two', 'three'], chunkDelayMs: 150 });
    const started = Date.now();
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody({ stream: true })) });
    const firstByteAt = Date.now() - started;
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const arrivals: number[] = [];
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      arrivals.push(Date.now() - started);
      text += new TextDecoder().decode(r.value);
    }
    // Headers come at once, long before the stream ends.
    expect(firstByteAt).toBeLessThan(300);
    // role, one, two, three, finish, [DONE]: six events, five gaps.
    expect(arrivals.at(-1)).toBeGreaterThanOrEqual(5 * 150 - 20);
    expect(arrivals.length).toBeGreaterThan(3);
    expect(dataLines(text)).toHaveLength(6);
  });

  it('ends an OpenAI stream with an error chunk and no [DONE] on streamError', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['partial'], streamError: { type: 'server_error', message: 'boom' } });
    const lines = dataLines((await post(`${s.url}/v1/chat/completions`, chatBody({ stream: true }))).text);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1])).toMatchObject({ choices: [{ delta: { content: 'partial' } }] });
    expect(JSON.parse(lines[2])).toEqual({ error: { message: 'boom', type: 'server_error', param: null, code: null } });
  });

  it('streams Anthropic events in the documented order', async () => {
    const s = await startSim();
    const res = await post(`${s.url}/v1/messages`, messagesBody({ stream: true }));
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const events = anthropicEvents(res.text);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    expect(events[0].data).toMatchObject({ message: { type: 'message', role: 'assistant', model: 'claude-test', content: [], usage: { input_tokens: 5 } } });
    expect(events[1].data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const text = events.slice(2, 7).map((e) => (e.data.delta as { type: string; text: string }).text).join('');
    expect(text).toBe('Simulated reply to: Hi Claude');
    expect(events[2].data.delta).toEqual({ type: 'text_delta', text: 'Simulated ' });
    expect(events[8].data).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 8 } });
    expect(res.text).not.toContain('[DONE]');
  });

  it('sends an Anthropic error event after the chunks on streamError', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], streamError: { type: 'overloaded_error', message: 'Overloaded' } });
    const events = anthropicEvents((await post(`${s.url}/v1/messages`, messagesBody({ stream: true }))).text);
    expect(events.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'error']);
    expect(events[4].data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('records clientClosed when the client drops a stream mid-way', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b', 'c', 'd'], chunkDelayMs: 200 });
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/messages`, { method: 'POST', body: JSON.stringify(messagesBody({ stream: true })), signal: controller.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    controller.abort();
    await s.waitForClientClose(0);
    expect(s.requests[0].clientClosed).toBe(true);
  });
});

describe('UpstreamSimulator stream faults', () => {
  const openaiStream = (s: UpstreamSimulator): Promise<Reply> => post(`${s.url}/v1/chat/completions`, chatBody({ stream: true }));

  it('truncates after N pieces: no finish chunk, no [DONE]', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b', 'c'], streamFault: { afterPieces: 2, kind: 'truncate' } });
    const lines = dataLines((await openaiStream(s)).text);
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => (JSON.parse(line) as { choices: { finish_reason: unknown }[] }).choices[0]?.finish_reason)).toEqual([null, null, null]);
  });

  it('sends an event that is not JSON after N pieces', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], streamFault: { afterPieces: 1, kind: 'malformed' } });
    const lines = dataLines((await openaiStream(s)).text);
    expect(lines).toHaveLength(3);
    expect(() => JSON.parse(lines[2]!) as unknown).toThrow();
  });

  it('sends the error event after N pieces', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], streamFault: { afterPieces: 1, kind: 'error' } }, 'anthropic');
    const events = anthropicEvents((await post(`${s.url}/v1/messages`, messagesBody({ stream: true }))).text);
    expect(events.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
  });

  it('resets the connection after N pieces', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], streamFault: { afterPieces: 1, kind: 'cut' } });
    await expect(openaiStream(s)).rejects.toThrow();
  });

  it('goes silent after N pieces until the client leaves', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a', 'b'], streamFault: { afterPieces: 1, kind: 'stall' } });
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody({ stream: true })), signal: controller.signal });
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('"a"')) seen += new TextDecoder().decode((await reader.read()).value);
    const silent = await Promise.race([reader.read().then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 300))]);
    expect(silent).toBe(true);
    controller.abort();
    await s.waitForClientClose(0);
  });

  it('leaves out the usage chunk on omitStreamUsage', async () => {
    const s = await startSim();
    s.enqueue({ streamChunks: ['a'], omitStreamUsage: true });
    const res = await post(`${s.url}/v1/chat/completions`, chatBody({ stream: true, stream_options: { include_usage: true } }));
    expect(res.text).not.toContain('"usage"');
    expect(dataLines(res.text).at(-1)).toBe('[DONE]');
  });
});

describe('UpstreamSimulator recording and connections', () => {
  it('records method, path, headers, bodies, version and timing', async () => {
    const s = await startSim();
    const before = Date.now();
    await post(`${s.url}/v1/chat/completions?x=1`, chatBody(), { 'X-Trace': 'abc' });
    await post(`${s.url}/v1/messages`, '{broken');
    expect(s.requests).toHaveLength(2);
    const [first, second] = s.requests;
    expect(first).toMatchObject({ method: 'POST', path: '/v1/chat/completions?x=1', body: chatBody(), rawBody: JSON.stringify(chatBody()), httpVersion: '1.1', clientClosed: false, route: 'openai' });
    expect(first.headers['x-trace']).toBe('abc');
    expect(first.receivedAt).toBeGreaterThanOrEqual(before);
    expect(first.connectionId).toBeGreaterThanOrEqual(1);
    expect(second.body).toBeUndefined();
    expect(second.rawBody).toBe('{broken');
  });

  it('counts keep-alive connections and tags requests with their connection', async () => {
    const s = await startSim();
    const agentA = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const agentB = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) expect((await httpPost(`${s.url}/v1/chat/completions`, chatBody(), agentA)).status).toBe(200);
      expect(s.connectionCount).toBe(1);
      await httpPost(`${s.url}/v1/messages`, messagesBody(), agentB);
      expect(s.connectionCount).toBe(2);
      expect(s.requests.map((r) => r.connectionId)).toEqual([1, 1, 1, 2]);
      s.clear();
      expect(s.connectionCount).toBe(2);
    } finally {
      agentA.destroy();
      agentB.destroy();
    }
  });

  it('checks API keys when configured', async () => {
    const s = await startSim({ openaiKey: 'sk-good', anthropicKey: 'ant-good' });
    s.enqueue({ status: 503 });
    const noKey = await post(`${s.url}/v1/chat/completions`, chatBody());
    expect(noKey.status).toBe(401);
    expect(noKey.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });
    expect((await post(`${s.url}/v1/chat/completions`, chatBody(), { authorization: 'Bearer sk-bad' })).status).toBe(401);
    // The queued reply was not used up by the rejected requests.
    expect((await post(`${s.url}/v1/chat/completions`, chatBody(), { authorization: 'Bearer sk-good' })).status).toBe(503);

    const badAnthropic = await post(`${s.url}/v1/messages`, messagesBody(), { 'x-api-key': 'sk-good' });
    expect(badAnthropic.status).toBe(401);
    expect(badAnthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect((await post(`${s.url}/v1/messages`, messagesBody(), { 'x-api-key': 'ant-good' })).status).toBe(200);
  });
});

describe('UpstreamSimulator over TLS', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function selfSigned(): { key: Buffer; cert: Buffer } {
    dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
    const keyPath = join(dir, 'k.pem');
    const certPath = join(dir, 'c.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
  }

  function h2Post(session: http2.ClientHttp2Session, path: string, body: unknown): Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
      let headers: http2.IncomingHttpHeaders = {};
      let text = '';
      stream.setEncoding('utf8');
      stream.on('response', (h) => (headers = h));
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => resolve({ status: Number(headers[':status']), headers, text }));
      stream.on('error', reject);
      stream.end(JSON.stringify(body));
    });
  }

  it('serves several HTTP/2 streams on one session as one connection', async () => {
    const tls = selfSigned();
    const s = await startSim({ tls });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const session = http2.connect(s.url, { ca: tls.cert });
    try {
      const replies = await Promise.all([
        h2Post(session, '/v1/chat/completions', chatBody()),
        h2Post(session, '/v1/messages', messagesBody()),
        h2Post(session, '/v1/chat/completions', chatBody({ stream: true })),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(replies[0].headers['x-request-id']).toMatch(/^req_/);
      expect(replies[1].headers['request-id']).toMatch(/^req_/);
      expect(JSON.parse(replies[1].text)).toMatchObject({ type: 'message' });
      expect(dataLines(replies[2].text).at(-1)).toBe('[DONE]');
      expect(s.connectionCount).toBe(1);
      expect(s.requests.map((r) => [r.httpVersion, r.connectionId])).toEqual([['2.0', 1], ['2.0', 1], ['2.0', 1]]);
      expect(s.requests.every((r) => !Object.keys(r.headers).some((h) => h.startsWith(':')))).toBe(true);
    } finally {
      session.close();
    }
  });

  it('falls back to HTTP/1.1 over TLS and resets h2 streams and records h2 cancels', async () => {
    const tls = selfSigned();
    const s = await startSim({ tls });
    const h1 = await new Promise<{ status: number; version: string }>((resolve, reject) => {
      const req = https.request(`${s.url}/v1/messages`, { method: 'POST', ca: tls.cert, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(messagesBody()));
    });
    expect(h1).toEqual({ status: 200, version: '1.1' });
    expect(s.requests[0].httpVersion).toBe('1.1');

    s.enqueue({ reset: true }).enqueue({ hang: true });
    const session = http2.connect(s.url, { ca: tls.cert });
    session.on('error', () => undefined);
    try {
      await expect(h2Post(session, '/v1/chat/completions', chatBody())).rejects.toMatchObject({ code: 'ERR_HTTP2_STREAM_ERROR' });
      const hanging = session.request({ ':method': 'POST', ':path': '/v1/chat/completions' });
      hanging.on('error', () => undefined);
      hanging.end(JSON.stringify(chatBody()));
      await s.waitForRequests(3);
      hanging.close(http2.constants.NGHTTP2_CANCEL);
      await s.waitForClientClose(2);
      expect(s.requests.map((r) => r.clientClosed)).toEqual([false, false, true]);
      // The session survived the reset stream.
      expect((await h2Post(session, '/v1/messages', messagesBody())).status).toBe(200);
      expect(s.connectionCount).toBe(2);
    } finally {
      session.close();
    }
  });

  it('stop() tears down open HTTP/2 sessions with hanging streams', async () => {
    const tls = selfSigned();
    const s = await startSim({ tls });
    s.setDefault({ hang: true });
    const session = http2.connect(s.url, { ca: tls.cert });
    session.on('error', () => undefined);
    const pending = h2Post(session, '/v1/chat/completions', chatBody()).catch((error: unknown) => error);
    await s.waitForRequests(1);
    await s.stop();
    await pending;
    expect(s.requests[0].clientClosed).toBe(false);
    session.destroy();
  });
});
