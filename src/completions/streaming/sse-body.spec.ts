import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../common/api-error.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { CompletionStream } from './completion-stream.js';
import { completeSseEncoder } from './complete-sse.js';
import { observedStream } from './observed-stream.js';
import { sseBody } from './sse-body.js';
import { sseSink } from '../../../test/support/sse-sink.js';

/** A stream whose deltas come from a script: a delta, a pause (ms), or an error to throw. */
function scripted(steps: (StreamDelta | number | Error)[]): CompletionStream & { cancelled: boolean } {
  const stream = {
    id: 'cmpl-1',
    model: 'm',
    servedBy: 'f',
    attempts: 1,
    cancelled: false,
    cancel: () => {
      stream.cancelled = true;
    },
    batches: (async function* () {
      for (const step of steps) {
        if (typeof step === 'number') await sleep(step);
        else if (step instanceof Error) throw step;
        else yield [step];
      }
    })(),
  };
  return stream;
}

const body = (steps: (StreamDelta | number | Error)[], keepAliveMs = 10_000): Promise<string> => {
  const stream = scripted(steps);
  return sseSink(sseBody(stream, completeSseEncoder(stream, 'req_1'), { keepAliveMs })).text;
};

const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

describe('the /v1/complete SSE body', () => {
  it('writes one event per text delta, the final event with usage, then [DONE]', async () => {
    const events = (await body([{ text: 'Hi' }, { text: '' }, { text: ' there' }, { finish_reason: 'stop', usage }])).split('\n\n');
    expect(events).toEqual([
      'data: {"id":"cmpl-1","model":"m","served_by":"f","choices":[{"text":"Hi","finish_reason":null}]}',
      'data: {"id":"cmpl-1","model":"m","served_by":"f","choices":[{"text":" there","finish_reason":null}]}',
      'data: {"id":"cmpl-1","model":"m","served_by":"f","choices":[{"text":"","finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}',
      'data: [DONE]',
      '',
    ]);
  });

  it('writes the deltas that arrived together in one write, in order', async () => {
    const usageEnd: StreamDelta = { finish_reason: 'stop', usage };
    const stream = { ...scripted([]), batches: (async function* () {
      yield [{ text: 'a' }, { text: 'b' }];
      yield [{ text: 'c' }, usageEnd];
    })() };
    const { writes, text } = sseSink(sseBody(stream, completeSseEncoder(stream, 'req_1'), { keepAliveMs: 10_000 }));
    await text;
    expect(writes.map((w) => w.match(/^data: /gm)?.length)).toEqual([2, 2, 1]);
    expect(writes.join('')).toMatch(/"text":"a".*"text":"b".*"text":"c".*"finish_reason":"stop".*\[DONE\]/s);
  });

  it('sends usage null when the upstream reported none', async () => {
    expect(await body([{ finish_reason: 'stop' }])).toContain('"finish_reason":"stop"}],"usage":null}');
  });

  it('ends a failed stream with the error envelope and no [DONE]', async () => {
    const out = await body([{ text: 'Hi' }, new ApiError(502, 'OpenAI could not be reached (connection reset).', 'upstream_error')]);
    const last = out.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.slice('data: '.length))).toEqual({
      success: false,
      error: { code: 502, message: 'OpenAI could not be reached (connection reset).', type: 'upstream_error', param: null, request_id: 'req_1' },
    });
    expect(out).not.toContain('[DONE]');
  });

  it('hides an unplanned failure behind the internal error', async () => {
    expect(await body([new Error('secret internals')])).toContain('"message":"Internal server error."');
  });

  it('writes nothing more once the client has left (499)', async () => {
    expect(await body([{ text: 'Hi' }, new ApiError(499, 'gone', 'invalid_request_error')])).not.toContain('success');
  });

  it('sends keep-alive comments while nothing comes', async () => {
    const out = await body([{ text: 'a' }, 130, { finish_reason: 'stop' }], 30);
    expect(out.match(/^: keep-alive$/gm)?.length).toBeGreaterThanOrEqual(2);
  });

  it('cancels the stream when the body is closed before its end', async () => {
    const stream = scripted([{ text: 'a' }, 10_000]);
    const out = sseBody(stream, completeSseEncoder(stream, 'r'), { keepAliveMs: 10_000 });
    out.destroy();
    await sleep(10);
    expect(stream.cancelled).toBe(true);
  });

  it('settles a stream whose body was destroyed before it was piped: the upstream cancelled, its usage recorded once', async () => {
    const stream = scripted([{ text: 'a' }, 10_000]);
    const ends: unknown[] = [];
    const observed = observedStream(stream, undefined, (usage, chars) => ends.push([usage, chars]));
    sseBody(observed, completeSseEncoder(observed, 'r'), { keepAliveMs: 10_000 }).destroy();
    await sleep(10);
    expect(stream.cancelled).toBe(true);
    // The first batch was read from the upstream (which charges for it) before the body was destroyed.
    expect(ends).toEqual([[undefined, 1]]);
  });

  it("ends the response, then emits 'end' and 'close' (what Fastify's stream sending waits for)", async () => {
    const stream = scripted([{ text: 'a' }, { finish_reason: 'stop', usage }]);
    const out = sseBody(stream, completeSseEncoder(stream, 'r'), { keepAliveMs: 10_000 });
    const events: string[] = [];
    out.on('end', () => events.push('end'));
    out.on('close', () => events.push('close'));
    const { sink, text } = sseSink(out);
    expect(await text).toContain('[DONE]');
    expect(sink.writableEnded).toBe(true);
    expect(events).toEqual(['end', 'close']);
    expect(out.readableEnded).toBe(true);
    expect(stream.cancelled).toBe(false);
  });

  it('closes the body of a client that stopped reading after the write stall, and cancels the upstream', async () => {
    const big = 'x'.repeat(64 * 1024);
    const stream = scripted(Array.from({ length: 50 }, () => ({ text: big })));
    const out = sseBody(stream, completeSseEncoder(stream, 'req_1'), { keepAliveMs: 10_000, writeStallMs: 100 });
    // Nobody reads: the response's buffer fills, the write waits for a drain that never comes.
    const { sink } = sseSink(out, { reading: false });
    await new Promise((resolve) => out.once('close', resolve));
    expect(sink.destroyed).toBe(true);
    expect(out.destroyed).toBe(true);
    expect(stream.cancelled).toBe(true);
  });

  it("does not wait past the stream's deadline even when the stall bound is longer", async () => {
    const big = 'x'.repeat(64 * 1024);
    const stream = { ...scripted(Array.from({ length: 50 }, () => ({ text: big }))), deadlineAt: Date.now() + 150 };
    const started = Date.now();
    const out = sseBody(stream, completeSseEncoder(stream, 'req_1'), { keepAliveMs: 10_000, writeStallMs: 60_000 });
    const { sink } = sseSink(out, { reading: false });
    await new Promise((resolve) => out.once('close', resolve));
    expect(sink.destroyed).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
