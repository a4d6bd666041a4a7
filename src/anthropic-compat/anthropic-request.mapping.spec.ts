import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { TOOL_ERROR_NOTE } from './anthropic-blocks.mapping.js';
import { messagesEssentials, messagesNeeds, translateMessages } from './anthropic-request.mapping.js';

const base = { model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };
const translate = (body: Record<string, unknown>) => translateMessages({ ...base, ...body }, 'gpt-4o');

/** The 400 a body gets, or undefined. */
function refusal(body: Record<string, unknown>): { param: string | null; message: string } | undefined {
  try {
    translate(body);
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.status).toBe(400);
    return { param: error.param, message: error.message };
  }
}

describe('Anthropic Messages request → the gateway\'s request', () => {
  it('checks what every request needs, naming the field', () => {
    expect(() => messagesEssentials([])).toThrow('body: must be a JSON object.');
    expect(() => messagesEssentials({ messages: [] })).toThrow('model: must be a string.');
    expect(() => messagesEssentials({ model: 'm', messages: [] })).toThrow('max_tokens: Field required');
    expect(() => messagesEssentials({ model: 'm', max_tokens: 1, messages: {} })).toThrow('messages: must be an array.');
    expect(() => messagesEssentials({ model: 'm', max_tokens: 1, messages: [], stream: 'yes' })).toThrow('stream: must be a boolean.');
    expect(messagesEssentials({ model: 'm', max_tokens: 1, messages: [], stream: true })).toEqual({ model: 'm', max_tokens: 1, stream: true, messages: [] });
  });

  it('maps system (string or blocks), text, parameters and the user id', () => {
    expect(translate({ system: 'Be brief.', stop_sequences: ['END'], temperature: 0.2, metadata: { user_id: 'u' } })).toEqual({
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
      max_tokens: 10,
      temperature: 0.2,
      stop: ['END'],
      user: 'u',
    });
    const blocks = translate({ system: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'b' }] });
    expect(blocks.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] });
  });

  it('keeps several text blocks as parts and maps images (base64 → data URL, url → URL)', () => {
    const request = translate({
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      }],
    });
    expect(request.messages).toEqual([{
      role: 'user',
      content: [
        { type: 'text', text: 'Look:' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'image', url: 'https://example.com/cat.jpg' },
      ],
    }]);
  });

  it('maps tools, tool_choice and tool_use / tool_result pairs (results first, then the rest of the user turn)', () => {
    const request = translate({
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { role: 'assistant', content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'unknown city' }], is_error: true },
          { type: 'text', text: 'Thanks' },
        ] },
      ],
    });
    expect(request.tools).toEqual([{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(request).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }], tool_calls: [
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'toolu_2', name: 'get_weather', arguments: '{}' },
      ] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: TOOL_ERROR_NOTE }, { type: 'text', text: 'unknown city' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('an assistant turn with only tool calls has null content', () => {
    const request = translate({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: { a: 1 } }] }] });
    expect(request.messages).toEqual([{ role: 'assistant', content: null, tool_calls: [{ id: 't', name: 'f', arguments: '{"a":1}' }] }]);
  });

  it.each([
    [{ type: 'auto' }, { tool_choice: 'auto' }],
    [{ type: 'none' }, { tool_choice: 'none' }],
    [{ type: 'tool', name: 'f' }, { tool_choice: { name: 'f' } }],
  ])('tool_choice %j', (choice, expected) => {
    expect(translate({ tool_choice: choice })).toMatchObject(expected);
  });

  it.each([
    [{ top_k: 5 }, 'top_k'],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 } }, 'thinking'],
    [{ service_tier: 'auto' }, 'service_tier'],
    [{ metadata: { user_id: 'u', other: 1 } }, 'metadata.other'],
    [{ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0.type'],
    [{ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 's' }] }] }, 'messages.0.content.0.type'],
    [{ messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages.0.content.0.type'],
    [{ messages: [{ role: 'user', content: [{ type: 'text', text: 'x', citations: [{}] }] }] }, 'messages.0.content.0.citations'],
    [{ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type'],
  ])('refuses %j naming %s, never dropping it', (body, param) => {
    expect(refusal(body)).toEqual({ param, message: expect.stringContaining(`${param}: cannot be translated for model 'gpt-4o'`) });
  });

  it.each([
    [{ messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role'],
    [{ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'x' } }] }] }, 'messages.0.content.0.source.media_type'],
    [{ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: 'x' }] }] }, 'messages.0.content.0.input'],
    [{ temperature: 3 }, 'temperature'],
    [{ messages: [{ role: 'user', content: [] }] }, 'messages.0.content'],
    [{ messages: [{ role: 'assistant', content: [] }] }, 'messages.0.content'],
    [{ tool_choice: { type: 'sometimes' } }, 'tool_choice.type'],
    [{ stop_sequences: [1] }, 'stop_sequences.0'],
  ])('refuses a bad value %j naming %s', (body, param) => {
    expect(refusal(body)?.param).toBe(param);
  });

  it('maps output_config.format to a strict json_schema response format; refuses effort', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(translate({ output_config: { format: { type: 'json_schema', schema } } }).response_format).toEqual({ type: 'json_schema', name: 'output', schema, strict: true });
    expect(refusal({ output_config: { effort: 'high' } })?.param).toBe('output_config.effort');
  });

  it('accepts cache_control (OpenAI-format upstreams cache on their own) and thinking disabled', () => {
    expect(refusal({ cache_control: { type: 'ephemeral' }, thinking: { type: 'disabled' }, tools: [{ name: 'f', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }] })).toBeUndefined();
  });
});

describe('what a Messages body as sent needs of a model', () => {
  const image = { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } };
  const none = { tools: false, vision: false, json_schema: false };

  it('reads tools (offered, server tools, or in the history), images (in messages and tool results) and output_config.format', () => {
    expect(messagesNeeds(base)).toEqual(none);
    expect(messagesNeeds({ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toEqual({ ...none, tools: true });
    expect(messagesNeeds({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }] })).toEqual({ ...none, tools: true });
    expect(messagesNeeds({ ...base, messages: [{ role: 'user', content: [image] }] })).toEqual({ ...none, vision: true });
    expect(messagesNeeds({ ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [image] }] }] })).toEqual({ tools: true, vision: true, json_schema: false });
    expect(messagesNeeds({ ...base, output_config: { format: { type: 'json_schema', schema: {} } } })).toEqual({ ...none, json_schema: true });
    expect(messagesNeeds({ ...base, tools: [], output_config: { effort: 'high' } })).toEqual(none);
  });
});
