import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { TextCompletionRequestDto } from './dto/text-completion-request.dto.js';
import { fromChatRequest, fromTextRequest, streamSettings } from './openai-request.mapping.js';
import { toChatCompletion, toTextCompletion } from './openai-response.mapping.js';
import { validateOpenAIBody } from './openai-validation.js';

const USAGE = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

describe('OpenAI request mapping', () => {
  it('maps developer to system, keeps text parts apart and the name, prefers max_completion_tokens and drops the defaults', () => {
    const dto = validateOpenAIBody(ChatCompletionRequestDto, {
      model: 'm',
      messages: [
        { role: 'developer', content: 'd' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], name: 'ann' },
      ],
      max_tokens: 9,
      max_completion_tokens: 5,
      n: 1,
      stop: 'x',
      temperature: null,
      presence_penalty: 0,
      stream_options: { include_usage: true },
    });
    expect(fromChatRequest(dto)).toEqual({
      messages: [
        { role: 'system', content: 'd' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], name: 'ann' },
      ],
      max_tokens: 5,
      temperature: undefined,
      top_p: undefined,
      stop: ['x'],
      n: undefined,
      user: undefined,
    });
  });

  it('accepts an empty logit_bias (no biases, nothing to honour) and refuses one with entries, naming it', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    for (const harmless of [{}, null]) expect(() => validateOpenAIBody(ChatCompletionRequestDto, { ...base, logit_bias: harmless })).not.toThrow();
    for (const biased of [{ '50256': -100 }, [], 'x']) {
      expect(() => validateOpenAIBody(ChatCompletionRequestDto, { ...base, logit_bias: biased })).toThrow(expect.objectContaining({ status: 400, param: 'logit_bias' }));
    }
    expect(() => validateOpenAIBody(TextCompletionRequestDto, { model: 'm', prompt: 'p', logit_bias: {} })).not.toThrow();
  });

  it('sends a legacy prompt (or an array of one) as one user message', () => {
    const dto = validateOpenAIBody(TextCompletionRequestDto, { model: 'm', prompt: ['p'], n: 3, user: 'u' });
    expect(fromTextRequest(dto)).toMatchObject({ messages: [{ role: 'user', content: 'p' }], n: 3, user: 'u' });
  });

  it('reads include_usage from stream_options, refusing a non-boolean and n > 1 with a stream', () => {
    const refused = (param: string) => expect.objectContaining({ status: 400, param }) as unknown as Error;
    expect(streamSettings({ model: 'm', stream: true })).toEqual({ includeUsage: false });
    expect(streamSettings({ model: 'm', stream: true, stream_options: { include_usage: true }, n: 1 })).toEqual({ includeUsage: true });
    expect(streamSettings({ model: 'm', stream: true, stream_options: { include_usage: null } })).toEqual({ includeUsage: false });
    expect(() => streamSettings({ model: 'm', stream: true, stream_options: { include_usage: 'yes' } })).toThrow(refused('stream_options.include_usage'));
    expect(() => streamSettings({ model: 'm', stream: true, n: 2 })).toThrow(refused('n'));
  });
});

describe('OpenAI request validation', () => {
  const problem = (dto: new () => object, body: unknown): unknown => {
    try {
      validateOpenAIBody(dto, body);
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it.each([
    [{ model: 'm', messages: 'x' }, 'messages', "Invalid 'messages': must be an array of messages."],
    [{ model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content', "Invalid 'messages[0].content': must be a string or a non-empty array of content parts."],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages[0].content[0].text', "Invalid 'messages[0].content[0].text': must be a string."],
    [{ model: 'm', messages: [{ role: 'user', content: 'x', audio: {} }] }, 'messages[0].audio', 'Unrecognized request argument supplied: messages[0].audio'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], functions: [{ name: 'f' }] }, 'functions', "Invalid 'functions': is not supported by this gateway: the legacy functions API is replaced by 'tools' and 'tool_choice'."],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'sometimes' }, 'tool_choice', "Invalid 'tool_choice': must be none, auto, required, or {\"type\": \"function\", \"function\": {\"name\": \"...\"}}."],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], [`${'k'.repeat(500)}`]: 1 }, `${'k'.repeat(64)}…`, `Unrecognized request argument supplied: ${'k'.repeat(64)}…`],
  ])('%j → %s', (body, param, message) => {
    expect(problem(ChatCompletionRequestDto, body)).toMatchObject({ status: 400, param, message });
  });

  it('accepts what clients send by default', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'x' }], logprobs: false, tool_choice: 'none', frequency_penalty: 0, stream: false, n: 1, top_p: 1 };
    expect(problem(ChatCompletionRequestDto, body)).toBeUndefined();
  });

  it('refuses echo, suffix and several prompts on legacy completions', () => {
    expect(problem(TextCompletionRequestDto, { model: 'm', prompt: 'p', echo: true })).toMatchObject({ param: 'echo' });
    expect(problem(TextCompletionRequestDto, { model: 'm', prompt: 'p', suffix: 's' })).toMatchObject({ param: 'suffix' });
    expect(problem(TextCompletionRequestDto, { model: 'm', prompt: ['a', 'b'] })).toMatchObject({ param: 'prompt' });
  });
});

describe('OpenAI response mapping', () => {
  it('answers every choice and maps unknown finish reasons to stop', () => {
    const result = { text: 'a', finish_reason: 'length', usage: USAGE, choices: [{ text: 'a', finish_reason: 'length' }, { text: 'b', finish_reason: 'pause' }] };
    expect(toChatCompletion('m', result, 7)).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: 7,
      model: 'm',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'a', refusal: null }, finish_reason: 'length', logprobs: null },
        { index: 1, message: { role: 'assistant', content: 'b', refusal: null }, finish_reason: 'stop', logprobs: null },
      ],
      usage: USAGE,
    });
  });

  it("keeps 'tool_calls' as the chat surface's finish reason (only legacy completions map it to stop)", () => {
    expect(toChatCompletion('m', { text: '', finish_reason: 'tool_calls', usage: USAGE }, 7).choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('answers legacy completions without tool_calls as a finish reason', () => {
    expect(toTextCompletion('m', { text: 't', finish_reason: 'tool_calls', usage: USAGE }, 7).choices).toEqual([
      { text: 't', index: 0, logprobs: null, finish_reason: 'stop' },
    ]);
  });
});
