// Shared pieces of the property-based fuzz suites: run counts, arbitraries for hostile text, and the checks every
// answer must pass (an envelope, a request id, no 500) and the gateway process must pass (alive, nothing unhandled).
import { expect } from '@jest/globals';
import fc from 'fast-check';
import type { RunningGateway } from '../support/gateway-harness.js';

/** FUZZ_RUNS overrides every property's run count (e.g. FUZZ_RUNS=2000 for a long local session). */
export function fuzzRuns(fallback: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

/** FUZZ_SEED replays a failing run (fast-check prints the seed and path with every counterexample). */
export function fuzzParameters(fallbackRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: fuzzRuns(fallbackRuns), ...(Number.isInteger(seed) && { seed }) };
}

/** Characters an HTTP header value may carry (Node and fetch refuse CR, LF, NUL and anything above U+00FF). */
const HEADER_CHAR = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c));

export function headerText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: HEADER_CHAR, maxLength }).map((text) => text.trim());
}

/** `levels` nested arrays (or objects) around a value, as JSON text: depths JSON.stringify could not build. */
export function nestedJson(levels: number, objects: boolean, inner = '1'): string {
  return objects ? `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}` : `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
}

/** A JSON object written key by key, so keys like '__proto__' stay plain keys in the text. */
export function objectText(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  ms: number;
}

const SANE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Sends a request with a deadline and checks what every gateway answer must be: JSON in the envelope, a sane
 * X-Request-Id repeated in the error, never a 500 (an unplanned failure), and an answer before `deadlineMs`.
 */
export async function envelopeAnswer(url: string, init: RequestInit, deadlineMs: number): Promise<Answer> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
  } catch (error) {
    throw new Error(`no answer within ${deadlineMs} ms (or the connection failed): ${String(error)}`);
  }
  const text = await response.text();
  const ms = performance.now() - started;
  const requestId = response.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(SANE_ID);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} without a JSON body: ${text.slice(0, 200)}`);
  }
  expect(response.status).not.toBe(500);
  if (response.status < 400) {
    expect(body).toMatchObject({ success: true, data: expect.any(Object) });
  } else {
    const { param, ...error } = (body as { error?: { param?: unknown } }).error ?? {};
    expect({ ...(body as object), error }).toEqual({
      success: false,
      error: { code: response.status, message: expect.any(String), type: expect.any(String), request_id: requestId },
    });
    expect(param === null || typeof param === 'string').toBe(true);
    // Whatever the client or the upstream sent, an error message stays short.
    expect((error as { message: string }).message.length).toBeLessThan(1200);
  }
  return { status: response.status, headers: response.headers, body: body as Record<string, unknown>, ms };
}

/** The shape of POST /v1/complete's data, for the successes a fuzz run happens to produce. */
export function expectCompletion(data: unknown): void {
  expect(data).toMatchObject({
    id: expect.any(String),
    model: expect.any(String),
    served_by: expect.any(String),
    choices: [{ text: expect.any(String), finish_reason: expect.any(String) }],
    usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
  });
}

/** What a crash or an unplanned failure leaves behind in the gateway's output. */
const TROUBLE = /unhandled|uncaught|Maximum call stack|heap out of memory|FATAL|"level":60/i;

/** The gateway is still running and logged nothing that says a failure escaped. */
export function expectHealthy(gateway: RunningGateway): void {
  expect(gateway.exited()).toBeUndefined();
  expect(gateway.logs.filter((line) => TROUBLE.test(line))).toEqual([]);
}
