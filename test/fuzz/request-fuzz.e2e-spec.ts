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
