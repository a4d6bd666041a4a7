import { describe, expect, it } from '@jest/globals';
import { completionBody, fromUpstream, MODELS_BODY, toUpstream } from './bare-wire.js';
import { chatFromUpstream, chatToUpstream, reencodeChunks } from './bare-chat.js';

const KEYS = { openai: 'sk-o', anthropic: 'sk-a' };

describe('bare proxy request mapping', () => {
  it('sends an OpenAI model to Chat Completions with the bearer key', () => {
    const mapped = toUpstream(JSON.stringify({ model: 'gpt-4o', prompt: 'hi', max_tokens: 5 }), KEYS);
    expect(mapped).toMatchObject({ model: 'gpt-4o', call: { provider: 'openai', path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-o' } } });
    if (!('call' in mapped)) throw new Error('not mapped');
    expect(JSON.parse(mapped.call.body)).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 5 });
  });

  it("sends claude to the Messages API with the model's default max_tokens", () => {
    const mapped = toUpstream(JSON.stringify({ model: 'claude', prompt: 'hi' }), KEYS);
    if (!('call' in mapped)) throw new Error('not mapped');
    expect(mapped.call.headers).toMatchObject({ 'x-api-key': 'sk-a', 'anthropic-version': '2023-06-01' });
    expect(JSON.parse(mapped.call.body)).toEqual({ model: 'claude-sonnet-4-6', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }] });
  });

  it.each([
    ['{', 'body'],
    ['[]', 'body'],
    ['{"model":"nope","prompt":"x"}', 'model'],
    ['{"model":"gpt-4o","prompt":""}', 'prompt'],
  ])('names the unusable field of %s', (raw, field) => {
    expect(toUpstream(raw, KEYS)).toEqual({ field });
  });
});

describe('bare proxy response mapping', () => {
  it('reads an OpenAI answer', () => {
    const body = { choices: [{ message: { content: 'x' }, finish_reason: 'length' }], usage: { prompt_tokens: 2, completion_tokens: 3 } };
    expect(fromUpstream('openai', body)).toEqual({ text: 'x', finish_reason: 'length', usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } });
  });

  it('joins Anthropic text blocks and maps the stop reason', () => {
    const body = { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], stop_reason: 'max_tokens', usage: { input_tokens: 1, output_tokens: 2 } };
    expect(fromUpstream('anthropic', body)).toEqual({ text: 'ab', finish_reason: 'length', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
  });

  it('rejects bodies without the documented shape', () => {
    expect(fromUpstream('openai', { choices: [] })).toBeUndefined();
    expect(fromUpstream('anthropic', { content: 'x' })).toBeUndefined();
  });

  it("answers in the gateway's envelope", () => {
    const completion = { text: 't', finish_reason: 'stop', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    expect(JSON.parse(completionBody('cmpl-1', 'gpt-4o', completion))).toEqual({
      success: true,
      data: { id: 'cmpl-1', model: 'gpt-4o', served_by: 'gpt-4o', choices: [{ text: 't', finish_reason: 'stop' }], usage: completion.usage },
    });
    expect(JSON.parse(MODELS_BODY).data.models.map((m: { id: string }) => m.id)).toEqual(['gpt-4o', 'claude']);
  });
});

describe('bare proxy chat mapping', () => {
  it('sends the upstream model name and reads back a chat.completion under the client model', () => {
    const call = chatToUpstream(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }));
    if (!('body' in call)) throw new Error('not mapped');
    expect(JSON.parse(call.body)).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 5 });
    const answer = chatFromUpstream('gpt-4o', 'chatcmpl-1', { choices: [{ message: { content: 'yo' }, finish_reason: 'stop' }], usage: { total_tokens: 3 } });
    expect(JSON.parse(answer!)).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4o', choices: [{ message: { content: 'yo' } }] });
  });

  it('refuses an Anthropic model or a body without messages', () => {
    expect(chatToUpstream('{"model":"claude","messages":[{}]}')).toEqual({ field: 'model' });
    expect(chatToUpstream('{"model":"gpt-4o"}')).toEqual({ field: 'messages' });
  });

  it('re-encodes complete events only, keeping a partial line for the next chunk', () => {
    const { frames, rest } = reencodeChunks('gpt-4o', 'c1', 'data: {"id":"x","model":"up","choices":[]}\n\ndata: [DONE]\n\ndata: {"id"');
    expect(frames).toBe('data: {"id":"c1","model":"gpt-4o","choices":[]}\n\ndata: [DONE]\n\n');
    expect(rest).toBe('data: {"id"');
  });
});
