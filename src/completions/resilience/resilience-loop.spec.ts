import { describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from '../../common/api-error.js';
import { mapUpstreamFailure, RETRYABLE_STATUSES, unreachable, UpstreamError } from '../../providers/upstream-errors.js';
import { callWithResilience, type CallPolicy, type CallTarget, type RetryNotice } from './resilience-loop.js';

const POLICY: CallPolicy = { requestTimeoutMs: 2000, maxRetries: 2, retryBaseMs: 10, retryMaxMs: 40 };

const status = (code: number, retryAfterMs?: number): UpstreamError =>
  mapUpstreamFailure({ provider: 'P', status: code, retryAfter: retryAfterMs === undefined ? undefined : '1', retryAfterMs });

/** A target answering from a script: an Error is thrown, anything else returned; 'hang' waits for the signal. */
function scripted(id: string, script: (unknown | 'hang')[], timeoutMs = 1000): CallTarget<string> & { calls: number; signals: AbortSignal[] } {
  const target = {
    id,
    label: `P-${id}`,
    timeoutMs,
    calls: 0,
    signals: [] as AbortSignal[],
    attempt: async (signal: AbortSignal): Promise<string> => {
      const step = script[Math.min(target.calls, script.length - 1)];
      target.calls += 1;
      target.signals.push(signal);
      if (step === 'hang') {
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      if (step instanceof Error) throw step;
      return String(step);
    },
  };
  return target;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('callWithResilience', () => {
  it('returns the first answer with one attempt', async () => {
    const target = scripted('a', ['ok']);
    expect(await callWithResilience([target], POLICY)).toEqual({ result: 'ok', attempts: 1, servedBy: 'a' });
  });

  it('retries retryable failures and counts the attempts', async () => {
    const target = scripted('a', [status(503), unreachable('P', 'connection reset'), 'ok']);
    expect(await callWithResilience([target], POLICY)).toEqual({ result: 'ok', attempts: 3, servedBy: 'a' });
  });

  it.each([...RETRYABLE_STATUSES])('status %i is retryable', (code) => {
    expect(status(code).retryable).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422])('status %i is not retried', async (code) => {
    const target = scripted('a', [status(code), 'ok']);
    const error = await failure(callWithResilience([target], POLICY));
    expect(error.headers['X-Gateway-Attempts']).toBe('1');
    expect(target.calls).toBe(1);
  });

  it('gives up after maxRetries with the last failure and the attempt count', async () => {
    const target = scripted('a', [status(529)]);
    const error = await failure(callWithResilience([target], POLICY));
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTTP 529');
    expect(error.headers['X-Gateway-Attempts']).toBe('3');
    expect(target.calls).toBe(3);
  });

  it('backs off with full jitter between attempts', async () => {
    const notices: RetryNotice[] = [];
    const target = scripted('a', [status(500)]);
    await failure(callWithResilience([target], { ...POLICY, retryBaseMs: 30, retryMaxMs: 50 }, undefined, { random: () => 0.999, onRetry: (n) => notices.push(n) }));
    expect(notices.map((n) => [n.attempt, n.delayMs])).toEqual([[2, 29], [3, 49]]);
  });

  it("waits the upstream's retry hint when it fits in the deadline", async () => {
    const notices: RetryNotice[] = [];
    const target = scripted('a', [status(429, 120), 'ok']);
    const started = Date.now();
    expect((await callWithResilience([target], POLICY, undefined, { onRetry: (n) => notices.push(n) })).result).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(notices[0]?.delayMs).toBe(120);
  });

  it("gives up at once with the upstream's 429 and Retry-After when the hint does not fit", async () => {
    const target = scripted('a', [status(429, 5000), 'ok']);
    const started = Date.now();
    const error = await failure(callWithResilience([target], POLICY));
    expect(Date.now() - started).toBeLessThan(200);
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '1', 'X-Gateway-Attempts': '1' });
  });

  it('answers 504 at the overall deadline and aborts the attempt', async () => {
    const target = scripted('a', ['hang']);
    const started = Date.now();
    const error = await failure(callWithResilience([target], { ...POLICY, requestTimeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ status: 504, type: 'upstream_timeout' });
    expect(error.message).toContain('150 ms');
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(400);
    expect(target.signals[0]?.aborted).toBe(true);
  });

  it('retries an attempt that ran out of its own time', async () => {
    const target = scripted('a', ['hang', 'ok'], 60);
    expect(await callWithResilience([target], POLICY)).toEqual({ result: 'ok', attempts: 2, servedBy: 'a' });
    expect(target.signals[0]?.aborted).toBe(true);
  });

  it('reports per-attempt timeouts as 504 once the retries are spent', async () => {
    const error = await failure(callWithResilience([scripted('a', ['hang'], 30)], POLICY));
    expect(error).toMatchObject({ status: 504, message: 'P-a did not answer within 30 ms.' });
    expect(error.headers['X-Gateway-Attempts']).toBe('3');
  });

  it('stops at once, without retrying, when the client leaves during an attempt', async () => {
    const client = new AbortController();
    const target = scripted('a', ['hang', 'ok']);
    const pending = failure(callWithResilience([target], POLICY, client.signal));
    await delay(20);
    client.abort();
    expect((await pending).status).toBe(499);
    await delay(60);
    expect(target.calls).toBe(1);
  });

  it('stops when the client leaves during the backoff', async () => {
    const client = new AbortController();
    const target = scripted('a', [status(503, 500), 'ok']);
    const pending = failure(callWithResilience([target], POLICY, client.signal));
    await delay(30);
    client.abort();
    expect((await pending).status).toBe(499);
    await delay(600);
    expect(target.calls).toBe(1);
  });

  it('does not call at all for a client that already left', async () => {
    const client = new AbortController();
    client.abort();
    const target = scripted('a', ['ok']);
    expect((await failure(callWithResilience([target], POLICY, client.signal))).status).toBe(499);
    expect(target.calls).toBe(0);
  });

  it('falls back after the retries of a retryable failure', async () => {
    const primary = scripted('a', [status(503)]);
    const fallback = scripted('b', ['from b']);
    expect(await callWithResilience([primary, fallback], POLICY)).toEqual({ result: 'from b', attempts: 4, servedBy: 'b' });
  });

  it('does not fall back after a non-retryable failure', async () => {
    const fallback = scripted('b', ['from b']);
    expect((await failure(callWithResilience([scripted('a', [status(400)]), fallback], POLICY))).status).toBe(400);
    expect(fallback.calls).toBe(0);
  });

  it("answers with the requested model's failure when every fallback fails", async () => {
    const error = await failure(callWithResilience([scripted('a', [status(503)]), scripted('b', [status(401)]), scripted('c', [status(500)])], POLICY));
    expect(error.message).toContain('HTTP 503');
    expect(error.headers['X-Gateway-Attempts']).toBe('7');
  });

  it('removes its listener from the client signal once the call is over', async () => {
    const client = new AbortController();
    await callWithResilience([scripted('a', [status(503), 'ok'])], POLICY, client.signal);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
  });

  it('gives each attempt one signal, aborted by the earlier of its timeout and the deadline', async () => {
    const target = scripted('a', ['hang'], 5000);
    const error = await failure(callWithResilience([target], { ...POLICY, requestTimeoutMs: 100 }));
    expect(error).toMatchObject({ status: 504, type: 'upstream_timeout' });
    expect(error.message).toContain('100 ms deadline');
    expect(target.calls).toBe(1);
  });

  it('lets unplanned errors through unchanged: an attempt fails only with an UpstreamError', async () => {
    const bug = new TypeError('bug');
    await expect(callWithResilience([scripted('a', [bug])], POLICY)).rejects.toBe(bug);
    const refusal = ApiError.invalid('bad', 'top_p');
    const fallback = scripted('b', ['from b']);
    await expect(callWithResilience([scripted('a', [status(502)]), scripted('x', [refusal]), fallback], POLICY)).rejects.toBe(refusal);
  });
});

describe('callWithResilience onAttempt', () => {
  it('reports every attempt with its duration and how it ended: upstream failure, timeout, success', async () => {
    const heard: string[] = [];
    const onAttempt = (target: CallTarget<unknown>, ms: number, error: ApiError | undefined): void => {
      expect(ms).toBeGreaterThanOrEqual(0);
      heard.push(`${target.id} ${error === undefined ? 'ok' : `${error.status} ${error.type}`}`);
    };
    const first = scripted('a', [status(503), 'hang'], 30);
    const second = scripted('b', ['fine']);
    await callWithResilience([first, second], { ...POLICY, maxRetries: 1 }, undefined, { onAttempt, random: () => 0 });
    expect(heard).toEqual(['a 502 upstream_error', 'a 504 upstream_timeout', 'b ok']);
  });

  it('an attempt cut by the client is reported as 499', async () => {
    const heard: number[] = [];
    const client = new AbortController();
    const call = callWithResilience([scripted('a', ['hang'])], POLICY, client.signal, { onAttempt: (_t, _ms, error) => heard.push(error?.status ?? 200) });
    await delay(10);
    client.abort();
    expect((await failure(call)).status).toBe(499);
    expect(heard).toEqual([499]);
  });
});
