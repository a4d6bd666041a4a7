import { describe, expect, it } from '@jest/globals';
import { clientClosed } from '../resilience/call-errors.js';
import type { TokenUsage } from '../../providers/provider-definition.js';
import { streamOf as scripted } from '../../../test/support/scripted-stream.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import { eachDelta, type CompletionStream } from './completion-stream.js';
import { observedStream } from './observed-stream.js';

const streamOf = (steps: (StreamDelta | Error)[]): CompletionStream => scripted(steps);

const usage: TokenUsage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };

describe('observedStream: every stream that started is charged once', () => {
  const ends = (): { calls: [TokenUsage | undefined, number][]; onEnd: (u: TokenUsage | undefined, chars: number) => void } => {
    const calls: [TokenUsage | undefined, number][] = [];
    return { calls, onEnd: (u, chars) => calls.push([u, chars]) };
  };

  it("with the upstream's usage when the final event came", async () => {
    const { calls, onEnd } = ends();
    for await (const _ of eachDelta(observedStream(streamOf([{ text: 'abc' }, { finish_reason: 'stop', usage }]), undefined, onEnd))) void _;
    expect(calls).toEqual([[usage, 3]]);
  });

  it('without usage, and the text already passed on, when the consumer left early (the client disconnected)', async () => {
    const { calls, onEnd } = ends();
    for await (const delta of eachDelta(observedStream(streamOf([{ text: 'hello' }, { text: 'more' }, { finish_reason: 'stop', usage }]), undefined, onEnd))) {
      if (delta.text) break;
    }
    expect(calls).toEqual([[undefined, 5]]);
  });

  it('without usage when the stream failed after it started (499, deadline, upstream cut)', async () => {
    const { calls, onEnd } = ends();
    const deltas = eachDelta(observedStream(streamOf([{ text: 'ab' }, clientClosed()]), undefined, onEnd));
    await expect((async () => {
      for await (const _ of deltas) void _;
    })()).rejects.toMatchObject({ status: 499 });
    expect(calls).toEqual([[undefined, 2]]);
  });
});
