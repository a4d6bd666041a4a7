import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../common/api-error.js';
import type { ModelEntry } from '../../config/model-entry.js';
import { applyParameterRules } from '../parameter-rules.js';
import type { CompletionRequest } from '../provider-definition.js';
import { ANTHROPIC } from './anthropic.provider.js';
import { finishReason, fromAnthropicResponse } from './anthropic.response.js';

const CLAUDE = ANTHROPIC.builtinModels[0]!;

/** The body Anthropic receives: the provider's rules (which may refuse), then its request mapping. */
function toAnthropicRequest(model: ModelEntry, request: CompletionRequest): Record<string, unknown> {
  const params = applyParameterRules(ANTHROPIC.parameters, model, request);
  return ANTHROPIC.buildRequest(model, request, params, { settings: { baseUrl: 'https://api.anthropic.com', apiKey: 'k' }, env: {} }).body;
}

describe('Anthropic request mapping', () => {
  it('always sends max_tokens, the default when the client sent none', () => {
    expect(toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }] })).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: CLAUDE.default_max_tokens,
      messages: [{ role: 'user', content: 'p' }],
    });
  });

  it('maps stop to stop_sequences and keeps one sampling parameter', () => {
    expect(toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], max_tokens: 9, stop: ['a', 'b'], temperature: 0.2 })).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 9,
      messages: [{ role: 'user', content: 'p' }],
      stop_sequences: ['a', 'b'],
      temperature: 0.2,
    });
  });

  it('drops sampling parameters equal to the default of 1, so both may be sent as 1', () => {
    expect(toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], temperature: 1, top_p: 1 })).not.toHaveProperty('temperature');
    expect(toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], temperature: 1, top_p: 0.3 })).toMatchObject({ top_p: 0.3 });
  });

  it('caps temperature at 1', () => {
    expect(() => toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], temperature: 1.5 })).toThrow("must be between 0 and 1 for model 'claude'");
  });

  it('sends system messages as the top-level system and the user id as metadata.user_id', () => {
    const messages = [{ role: 'system' as const, content: 's' }, { role: 'user' as const, content: 'p' }];
    expect(toAnthropicRequest(CLAUDE, { messages, user: 'user-7' })).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: CLAUDE.default_max_tokens,
      system: 's',
      messages: [{ role: 'user', content: 'p' }],
      metadata: { user_id: 'user-7' },
    });
  });

  it('refuses a conversation with tool calls but no tools (the Messages API would), before any call', () => {
    const messages: CompletionRequest['messages'] = [
      { role: 'user', content: 'p' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'f', arguments: '{}' }] },
      { role: 'tool', tool_call_id: 'c', content: 'r' },
    ];
    expect(() => toAnthropicRequest(CLAUDE, { messages })).toThrow(expect.objectContaining({ status: 400, param: 'tools' }) as unknown as Error);
    expect(toAnthropicRequest(CLAUDE, { messages, tools: [{ name: 'f' }] })).toMatchObject({ tools: [{ name: 'f' }] });
  });

  it('refuses n above 1', () => {
    expect(() => toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], n: 2 })).toThrow("Invalid 'n' parameter");
  });

  it('refuses temperature and top_p together', () => {
    expect(() => toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], temperature: 0.5, top_p: 0.9 })).toThrow(ApiError);
    try {
      toAnthropicRequest(CLAUDE, { messages: [{ role: 'user', content: 'p' }], temperature: 0, top_p: 0 });
    } catch (error) {
      expect(error).toMatchObject({ status: 400, param: 'top_p' });
    }
  });
});

describe('Anthropic response mapping', () => {
  it('joins text blocks and counts cached input as prompt tokens', () => {
    expect(
      fromAnthropicResponse({
        content: [{ type: 'text', text: 'a' }, { type: 'thinking', thinking: 't' }, { type: 'text', text: 'b' }],
        stop_reason: 'max_tokens',
        usage: { input_tokens: 4, cache_read_input_tokens: 10, cache_creation_input_tokens: 1, output_tokens: 2 },
      }),
    ).toEqual({ text: 'ab', finish_reason: 'length', usage: { prompt_tokens: 15, completion_tokens: 2, total_tokens: 17 } });
  });

  it('reads tool_use blocks as tool calls with JSON arguments, and stop_reason tool_use as tool_calls', () => {
    expect(
      fromAnthropicResponse({
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 4, output_tokens: 2 },
      }),
    ).toEqual({
      text: 'Checking.',
      finish_reason: 'tool_calls',
      tool_calls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_2', name: 'now', arguments: '{}' },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  it('reads the structured-output tool call back as the text of a normally ended turn', () => {
    const request: CompletionRequest = { messages: [{ role: 'user', content: 'p' }], response_format: { type: 'json_schema', name: 'math', schema: {} } };
    const body = { content: [{ type: 'tool_use', id: 'toolu_1', name: 'math', input: { answer: 4 } }], stop_reason: 'tool_use', usage: {} };
    expect(fromAnthropicResponse(body, request)).toEqual({ text: '{"answer":4}', finish_reason: 'stop', usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
    // Without structured output asked for, the same block is an ordinary tool call.
    expect(fromAnthropicResponse(body)).toMatchObject({ text: '', finish_reason: 'tool_calls', tool_calls: [{ name: 'math' }] });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['refusal', 'content_filter'],
    ['tool_use', 'tool_calls'],
    ['something_new', 'something_new'],
    [null, 'stop'],
  ])('stop_reason %s → %s', (reason, expected) => {
    expect(finishReason(reason)).toBe(expected);
  });

  it.each([
    ['string', 'body is not a JSON object'],
    [{ content: 'x' }, 'no content list'],
    [{ content: [null] }, 'content block is not an object'],
    [{ content: [{ type: 'text' }] }, 'text block without text'],
    [{ content: [{ type: 'tool_use', id: 't' }] }, 'tool_use block without an id, a name and an input object'],
  ])('names what is wrong with %j', (body, problem) => {
    expect(fromAnthropicResponse(body)).toBe(problem);
  });
});
