import { describe, expect, it } from '@jest/globals';
import type { CompletionRequest } from '../provider-definition.js';
import { OPENAI } from './openai.provider.js';
import { fromOpenAIResponse } from './openai.response.js';
import { OPENAI_STREAM } from './openai.stream.js';

const GPT = OPENAI.builtinModels[0]!;
const body = (request: CompletionRequest): Record<string, unknown> => OPENAI.buildRequest(GPT, request, {}, { settings: { baseUrl: 'https://api.openai.com/v1' }, env: {} }).body;

describe('OpenAI request mapping: tools, parts, images, structured output', () => {
  it('keeps text parts as parts (never joined) and passes name and images through', () => {
    const sent = body({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }] },
        { role: 'user', name: 'ada', content: [{ type: 'text', text: 'Summarise this:' }, { type: 'text', text: 'The ocean whispers.' }, { type: 'image', url: 'https://example.com/a.png', detail: 'low' }] },
      ],
    });
    expect(sent.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }] },
      {
        role: 'user',
        name: 'ada',
        content: [
          { type: 'text', text: 'Summarise this:' },
          { type: 'text', text: 'The ocean whispers.' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
        ],
      },
    ]);
  });

  it('sends tools with strict, tool_choice, parallel_tool_calls, assistant tool calls with null content and tool messages', () => {
    const sent = body({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools: [{ name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: true }],
      tool_choice: { name: 'get_weather' },
      parallel_tool_calls: false,
    });
    expect(sent).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
  });

  it('passes response_format through in its own shape', () => {
    expect(body({ messages: [{ role: 'user', content: 'p' }], response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
    expect(body({ messages: [{ role: 'user', content: 'p' }], response_format: { type: 'json_schema', name: 'math', schema: { type: 'object' }, strict: true } }).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'math', schema: { type: 'object' }, strict: true },
    });
  });

  it('refuses an image inside a tool result (Chat Completions tool messages are text)', () => {
    expect(() => body({ messages: [{ role: 'user', content: 'p' }, { role: 'tool', tool_call_id: 'c', content: [{ type: 'image', url: 'https://example.com/a.png' }] }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].content' }) as unknown as Error,
    );
  });
});

describe('OpenAI response mapping: tool calls', () => {
  it('reads tool_calls with content null as text "" and finish_reason tool_calls', () => {
    const message = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }, { id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } }] };
    expect(fromOpenAIResponse({ choices: [{ message, finish_reason: 'tool_calls' }] })).toMatchObject({
      text: '',
      finish_reason: 'tool_calls',
      tool_calls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }, { id: 'call_2', name: 'g', arguments: '{}' }],
    });
    expect(fromOpenAIResponse({ choices: [{ message: { content: null, tool_calls: [{ function: {} }] } }] })).toBe('tool call without an id and a function name');
  });
});

describe('OpenAI stream transform: tool calls', () => {
  it('passes tool call fragments through with their index, and ends a call without arguments as "{}"', () => {
    const parse = OPENAI_STREAM.createParser({ messages: [{ role: 'user', content: 'p' }] });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }) });
    const events = [
      chunk({ role: 'assistant', content: null }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } }] }),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ];
    expect(events.flatMap((e) => parse(e))).toEqual([
      { tool_call: { index: 0, id: 'call_1', name: 'f' } },
      { tool_call: { index: 0, arguments: '{"a":' } },
      { tool_call: { index: 0, arguments: '1}' } },
      { tool_call: { index: 1, id: 'call_2', name: 'g' } },
      { tool_call: { index: 1, arguments: '{}' } },
      { finish_reason: 'tool_calls' },
    ]);
  });
});

describe('OpenAI stream transform: lenient servers', () => {
  it('numbers fragments without an index by order, and keeps id and name on the first fragment only', () => {
    const parse = OPENAI_STREAM.createParser({ messages: [{ role: 'user', content: 'p' }] });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }) });
    const events = [
      chunk({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: ':1}' } }] }),
      chunk({ tool_calls: [{ id: 'b', function: { name: 'g', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ];
    expect(events.flatMap((e) => parse(e))).toEqual([
      { tool_call: { index: 0, id: 'a', name: 'f', arguments: '{"x"' } },
      { tool_call: { index: 0, arguments: ':1}' } },
      { tool_call: { index: 1, id: 'b', name: 'g', arguments: '{}' } },
      { finish_reason: 'tool_calls' },
    ]);
  });
});
