// Property-based fuzzing of what a client sends: bodies, header values and MCP tool arguments, against one gateway
// and one simulator. Every answer is an envelope (or JSON-RPC on /mcp), in time, never a 500, and the process lives.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { CLIENT_KEY, simulatorEnv, startGateway, type RunningGateway } from '../support/gateway-harness.js';
import { envelopeAnswer, expectCompletion, expectHealthy, fuzzParameters, headerText, nestedJson, objectText } from './fuzz-support.js';

const DEADLINE_MS = 10_000;
const RESERVED = ['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__proto__', 'prototype', 'isPrototypeOf'];

/** Any JSON value as text, including the ones that break naive code: deep, huge, odd unicode. */
const anyValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }).map((text) => JSON.stringify(text)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([levels, objects]) => nestedJson(levels, objects)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 300_000 }).map((n) => JSON.stringify('x'.repeat(n))) },
  { weight: 1, arbitrary: fc.constantFrom('1e400', '-0', '1.5', '0', '16384', '16385', 'true', 'null', '[]', '{}', '["\\n"]') },
);

const fieldName: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('model', 'prompt', 'max_tokens', 'temperature', 'top_p', 'stop') },
  { weight: 2, arbitrary: fc.constantFrom(...RESERVED) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 200_000 }).map((n) => 'k'.repeat(n)) },
);

/** A request body: mostly objects near the real shape, some arbitrary JSON, some text that is not JSON at all. */
const body: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('"gpt-4o"', '"claude"'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fieldName, anyValue), { maxLength: 4 }))
      .map(([model, prompt, extra]) => objectText([['model', model], ['prompt', JSON.stringify(prompt)], ...extra])),
  },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);

describe('fuzz: what a client sends', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    // Hostile header values include wrong keys: the failed-authentication limit must not turn the run into 429s.
    gateway = await startGateway({ ...simulatorEnv(upstream.url), AUTH_FAILURE_LIMIT: '1000000', REQUEST_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  function post(text: string, headers: Record<string, string> = {}): ReturnType<typeof envelopeAnswer> {
    return envelopeAnswer(
      `${gateway.url}/v1/complete`,
      { method: 'POST', body: text, headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers } },
      DEADLINE_MS,
    );
  }

  /** The OpenAI surface answers in OpenAI's shape: JSON, never a 500, in time. */
  async function postChat(text: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      body: text,
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    expect(response.status).not.toBe(500);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('any body gets a success or a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const answer = await post(text);
        if (answer.status === 200) expectCompletion(answer.body.data);
        else expect(answer.status).toBe(400);
      }),
      fuzzParameters(150),
    );
    expectHealthy(gateway);
  }, 120_000);

  it('a field deeper than 32 levels or named like an Object.prototype member is always a 400', async () => {
    const hostile = fc.oneof(
      fc.tuple(fc.integer({ min: 32, max: 20_000 }), fc.boolean()).map(([levels, objects]) => ['stop', nestedJson(levels, objects)] as const),
      fc.tuple(fc.constantFrom(...RESERVED), anyValue).map(([name, value]) => [name, value] as const),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async ([name, value]) => {
        const answer = await post(objectText([['model', '"gpt-4o"'], ['prompt', '"hi"'], [name, value]]));
        expect(answer.status).toBe(400);
      }),
      fuzzParameters(100),
    );
    expectHealthy(gateway);
  }, 120_000);

  it('an object of any key count: over 1000 keys (or unknown fields) is a 400 naming where, answered at once', async () => {
    const keys = (n: number): string => objectText(Array.from({ length: n }, (_, i) => [`k${i}`, '1'] as const));
    const where = fc.constantFrom('top', 'logit_bias', 'stream_options');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.nat({ max: 1200 }), fc.integer({ min: 1001, max: 30_000 })), where, async (n, at) => {
        const chat = at !== 'top';
        const fields: [string, string][] = chat ? [['model', '"gpt-4o"'], ['messages', '[{"role":"user","content":"hi"}]'], [at, keys(n)]] : [['model', '"gpt-4o"'], ['prompt', '"hi"']];
        const text = at === 'top' ? `${objectText(fields).slice(0, -1)}${n > 0 ? ',' : ''}${keys(n).slice(1)}` : objectText(fields);
        const started = performance.now();
        const answer = chat ? await postChat(text) : await post(text);
        if (n > 1000) expect(performance.now() - started).toBeLessThan(2000);
        if (at === 'top') expect(answer.status).toBe(n === 0 ? 200 : 400);
        if (at === 'logit_bias') expect(answer.status).toBe(n === 0 ? 200 : 400);
        if (at === 'stream_options') expect(answer.status).toBe(n <= 1000 ? 200 : 400);
        if (n > 1000) expect(JSON.stringify(answer.body)).toMatch(at === 'top' ? /Too many keys in the request body/ : new RegExp(`'${at}'.*too many keys`));
      }),
      fuzzParameters(40),
    );
    expectHealthy(gateway);
  }, 180_000);

  it('any message count: up to 2048 are served, more is a 400 naming messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: 1, max: 2100 }), fc.integer({ min: 2040, max: 60_000 })), async (count) => {
        const messages = `[${Array(count).fill('{"role":"user","content":"x"}').join(',')}]`;
        const answer = await postChat(objectText([['model', '"gpt-4o"'], ['messages', messages]]));
        if (count <= 2048) expect(answer.status).toBe(200);
        else expect(answer).toMatchObject({ status: 400, body: { error: { param: 'messages' } } });
      }),
      fuzzParameters(30),
    );
    expectHealthy(gateway);
  }, 180_000);

  it('any value of authorization, content-type, accept and x-request-id gets an envelope', async () => {
    const headers = fc.record(
      {
        authorization: fc.oneof(fc.constant(`Bearer ${CLIENT_KEY}`), headerText(80).map((t) => `Bearer ${t}`), headerText(80), fc.constant(`bearer   ${CLIENT_KEY}  `)),
        'content-type': fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'), headerText(60)),
        accept: fc.oneof(fc.constantFrom('*/*', 'application/json', 'text/html', 'text/event-stream'), headerText(60)),
        'x-request-id': fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:@-]{1,128}$/), headerText(300)),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(headers, async (sent) => {
        const given = Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== ''));
        const answer = await post('{"model":"gpt-4o","prompt":"hi"}', given);
        expect([200, 400, 401, 406, 415]).toContain(answer.status);
        const id = given['x-request-id'];
        if (id !== undefined && /^[A-Za-z0-9._:@-]{1,128}$/.test(id)) expect(answer.headers.get('x-request-id')).toBe(id);
      }),
      fuzzParameters(150),
    );
    expectHealthy(gateway);
  }, 120_000);

  it('any arguments to the MCP complete tool get a tool result or a JSON-RPC error, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (args) => {
        const call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"complete","arguments":${args}}}`;
        const response = await fetch(`${gateway.url}/mcp`, {
          method: 'POST',
          body: call,
          headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          signal: AbortSignal.timeout(DEADLINE_MS),
        });
        const text = await response.text();
        expect(response.status).not.toBe(500);
        type Answer = { jsonrpc: string; id?: number; result?: { isError?: boolean; _meta?: Record<string, { status: number }> }; error?: { code: number } };
        // An SSE answer may carry log notifications (no id) before the answer itself.
        const messages = (text.startsWith('{') ? [text] : [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1]!)).map((json) => JSON.parse(json) as Answer);
        const message = messages.find((candidate) => candidate.id !== undefined) ?? messages[0]!;
        expect(message.jsonrpc).toBe('2.0');
        expect(message.result !== undefined || message.error !== undefined).toBe(true);
        const status = message.result?._meta?.['litellm-mcp-server/error']?.status;
        if (message.result?.isError === true) expect([400, 413, 429]).toContain(status);
      }),
      fuzzParameters(100),
    );
    expectHealthy(gateway);
  }, 120_000);
});
