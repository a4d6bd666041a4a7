import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import { sseBody } from '../completions/streaming/sse-body.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { streamOf as scripted } from '../../test/support/scripted-stream.js';
import { sseSink } from '../../test/support/sse-sink.js';
import { chatChunkEncoder, textChunkEncoder, type OpenAIStreamOptions } from './openai-stream.encoders.js';

const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

/** The encoders' stream: id `cmpl-abc`, answered by `f`. */
const streamOf = (steps: (StreamDelta | Error)[]): CompletionStream => scripted(steps, { id: 'cmpl-abc', servedBy: 'f' });

/** The data of every event, JSON parsed except [DONE]. */
async function events(kind: 'chat' | 'text', steps: (StreamDelta | Error)[], options: Partial<OpenAIStreamOptions> = {}): Promise<unknown[]> {
  const stream = streamOf(steps);
  const encode = kind === 'chat' ? chatChunkEncoder : textChunkEncoder;
  const out = await sseSink(sseBody(stream, encode(stream, { includeUsage: false, created: 7, ...options }), { keepAliveMs: 10_000 })).text;
  return out.trim().split('\n\n').map((frame) => frame.slice('data: '.length)).map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

const chat = { id: 'chatcmpl-abc', object: 'chat.completion.chunk', created: 7, model: 'm' };
const chatChoice = (delta: object, finish: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });

describe('OpenAI stream encoders', () => {
  it('streams chat: the role chunk, content deltas, the finish chunk, [DONE]; no usage without include_usage', async () => {
    expect(await events('chat', [{ text: 'Hi' }, { text: '' }, { text: '!' }, { finish_reason: 'end_turn', usage }])).toEqual([
      { ...chat, choices: [chatChoice({ role: 'assistant', content: '' }, null)] },
      { ...chat, choices: [chatChoice({ content: 'Hi' }, null)] },
      { ...chat, choices: [chatChoice({ content: '!' }, null)] },
      { ...chat, choices: [chatChoice({}, 'stop')] },
      '[DONE]',
    ]);
  });

  it('with include_usage: usage null on every chunk and one choices: [] chunk with the usage', async () => {
    expect(await events('chat', [{ text: 'Hi' }, { finish_reason: 'length', usage }], { includeUsage: true })).toEqual([
      { ...chat, choices: [chatChoice({ role: 'assistant', content: '' }, null)], usage: null },
      { ...chat, choices: [chatChoice({ content: 'Hi' }, null)], usage: null },
      { ...chat, choices: [chatChoice({}, 'length')], usage: null },
      { ...chat, choices: [], usage },
      '[DONE]',
    ]);
  });

  it("keeps finish_reason 'tool_calls' on the chat surface's finish chunk", async () => {
    expect(await events('chat', [{ text: 'Hi' }, { finish_reason: 'tool_calls', usage }])).toContainEqual({ ...chat, choices: [chatChoice({}, 'tool_calls')] });
  });

  it('sends no usage chunk when the upstream reported none (no invented numbers)', async () => {
    const out = await events('chat', [{ text: 'Hi' }, { finish_reason: 'stop' }], { includeUsage: true });
    expect(out.filter((event) => (event as { choices?: unknown[] }).choices?.length === 0)).toEqual([]);
  });

  it('streams legacy text_completion chunks, usage only in its own last chunk', async () => {
    const text = { id: 'cmpl-abc', object: 'text_completion', created: 7, model: 'm' };
    expect(await events('text', [{ text: 'Hi' }, { finish_reason: 'tool_calls', usage }], { includeUsage: true })).toEqual([
      { ...text, choices: [{ text: 'Hi', index: 0, logprobs: null, finish_reason: null }] },
      { ...text, choices: [{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }] },
      { ...text, choices: [], usage },
      '[DONE]',
    ]);
  });

  it('ends a failure after the start with one OpenAI error event and no [DONE]', async () => {
    const out = await events('chat', [{ text: 'Hi' }, new ApiError(502, 'OpenAI could not be reached (connection reset).', 'upstream_error')]);
    expect(out.at(-1)).toEqual({ error: { message: 'OpenAI could not be reached (connection reset).', type: 'server_error', param: null, code: 'upstream_error' } });
    expect(out).not.toContain('[DONE]');
  });

  it('hides an unplanned failure behind the internal error', async () => {
    expect((await events('text', [{ text: 'a' }, new Error('secret internals')])).at(-1)).toEqual({
      error: { message: 'Internal server error.', type: 'server_error', param: null, code: 'internal_error' },
    });
  });
});
