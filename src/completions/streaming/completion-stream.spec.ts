import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamDelta } from '../../providers/stream-transform.js';
import { eachDelta } from './completion-stream.js';
import type { UpstreamStream } from '../../providers/upstream-stream.js';
import { cancelled } from '../../providers/upstream-errors.js';
import { completionStream } from './completion-stream.js';

/** An upstream that sends `first`, then waits until aborted (then fails as the transport does: "cancelled"). */
function hangingUpstream(first: StreamDelta[]): UpstreamStream & { aborted: boolean } {
  const controller = new AbortController();
  const upstream = {
    first,
    aborted: false,
    abort: () => {
      upstream.aborted = true;
      controller.abort();
    },
    rest: (async function* (): AsyncGenerator<StreamDelta[]> {
      await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
      throw cancelled('OpenAI');
    })(),
  };
  return upstream;
}

async function drain(deltas: AsyncIterable<StreamDelta>): Promise<{ seen: StreamDelta[]; error: unknown }> {
  const seen: StreamDelta[] = [];
  try {
    for await (const delta of deltas) seen.push(delta);
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

const start = { id: 'cmpl-1', model: 'm', servedBy: 'm', attempts: 1, deadlineMs: 1000 };

describe('completionStream', () => {
  it('passes deltas on, splitting one that carries text and the finish reason', async () => {
    const rest = (async function* (): AsyncGenerator<StreamDelta[]> {
      yield [{ text: 'b', finish_reason: 'stop' }];
    })();
    const stream = completionStream({ ...start, upstream: { first: [{ text: 'a' }], rest, abort: () => undefined }, deadlineAt: Date.now() + 1000 });
    expect(await drain(eachDelta(stream))).toEqual({ seen: [{ text: 'a' }, { text: 'b' }, { finish_reason: 'stop', usage: undefined }], error: undefined });
  });

  it('keeps the usage on the final event when one delta carries text, the finish reason and the usage', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 };
    const rest = (async function* (): AsyncGenerator<StreamDelta[]> {
      yield [{ text: 'b', finish_reason: 'length', usage }];
    })();
    const stream = completionStream({ ...start, upstream: { first: [{ text: 'a' }], rest, abort: () => undefined }, deadlineAt: Date.now() + 1000 });
    expect(await drain(eachDelta(stream))).toEqual({ seen: [{ text: 'a' }, { text: 'b' }, { finish_reason: 'length', usage }], error: undefined });
  });

  it('ends the upstream at the overall deadline and fails with 504', async () => {
    const upstream = hangingUpstream([{ text: 'a' }]);
    const stream = completionStream({ ...start, upstream, deadlineAt: Date.now() + 50 });
    const { seen, error } = await drain(eachDelta(stream));
    expect(seen).toEqual([{ text: 'a' }]);
    expect(error).toMatchObject({ status: 504, type: 'upstream_timeout', message: "The upstream did not answer within the gateway's 1000 ms deadline." });
    expect(upstream.aborted).toBe(true);
  });

  it('ends the upstream when the client leaves and fails with 499', async () => {
    const upstream = hangingUpstream([{ text: 'a' }]);
    const client = new AbortController();
    const stream = completionStream({ ...start, upstream, deadlineAt: Date.now() + 10_000, signal: client.signal });
    const pending = drain(eachDelta(stream));
    await sleep(5);
    client.abort();
    expect((await pending).error).toMatchObject({ status: 499 });
    expect(upstream.aborted).toBe(true);
  });

  it('ends the upstream when the consumer stops reading early', async () => {
    const upstream = hangingUpstream([{ text: 'a' }, { text: 'b' }]);
    const stream = completionStream({ ...start, upstream, deadlineAt: Date.now() + 10_000 });
    for await (const delta of eachDelta(stream)) {
      expect(delta).toEqual({ text: 'a' });
      break;
    }
    expect(upstream.aborted).toBe(true);
  });
});
