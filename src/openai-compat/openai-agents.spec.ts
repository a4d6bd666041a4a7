import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { fromChatRequest } from './openai-request.mapping.js';
import { toChatCompletion } from './openai-response.mapping.js';
import { chatChunkEncoder } from './openai-stream.encoders.js';
import { validateOpenAIBody } from './openai-validation.js';

const USAGE = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
const request = (body: Record<string, unknown>) => fromChatRequest(validateOpenAIBody(ChatCompletionRequestDto, { model: 'm', ...body }));
const refusal = (body: Record<string, unknown>): unknown => {
  try {
    request(body);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('OpenAI surface: agent requests', () => {
  it('maps tools, tool_choice, parallel_tool_calls and response_format', () => {
    const mapped = request({
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: true } }, { type: 'function', function: { name: 'now' } }],
      tool_choice: { type: 'function', function: { name: 'now' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    });
    expect(mapped).toMatchObject({
      tools: [{ name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: true }, { name: 'now' }],
      tool_choice: { name: 'now' },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
    });
  });

  it("accepts the SDK's own assistant message (content null, refusal null, tool_calls) and tool messages", () => {
    const mapped = request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } }] },
        { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
        { role: 'assistant', content: 'Done.', refusal: null },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    expect(mapped.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', url: 'https://example.com/a.png', detail: 'high' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', name: 'f', arguments: '{}' }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'done' },
      { role: 'assistant', content: 'Done.' },
    ]);
  });

  it('drops tool_choice none without tools (clients send it by default)', () => {
    expect(request({ messages: [{ role: 'user', content: 'x' }], tool_choice: 'none' })).not.toHaveProperty('tool_choice');
  });

  it.each([
    [{ messages: [{ role: 'tool', content: 'r' }] }, 'messages[0].tool_call_id'],
    [{ messages: [{ role: 'user', content: null }] }, 'messages[0].content'],
    [{ messages: [{ role: 'assistant', content: null }] }, 'messages[0].content'],
    [{ messages: [{ role: 'user', content: 'x', tool_call_id: 'c' }] }, 'messages[0].tool_call_id'],
    [{ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/a.png' } }] }] }, 'messages[0].content[0].type'],
    [{ messages: [{ role: 'user', content: [{ type: 'image_url' }] }] }, 'messages[0].content[0].image_url'],
    [{ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'messages[0].content[0].type'],
    [{ messages: [{ role: 'function', content: 'x', name: 'f' }] }, 'messages[0].role'],
    [{ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'bad name' } }] }, 'tools[0].function.name'],
    [{ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema' } }, 'response_format.json_schema'],
    [{ messages: [{ role: 'user', content: 'x' }], function_call: 'auto' }, 'function_call'],
  ])('refuses %j with a 400 naming %s', (body, param) => {
    expect(refusal(body)).toMatchObject({ status: 400, param });
  });
});

describe('OpenAI surface: tool calls in answers', () => {
  it('answers tool calls with content null and finish_reason tool_calls', () => {
    const body = toChatCompletion('m', { text: '', finish_reason: 'tool_calls', usage: USAGE, tool_calls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }] }, 7);
    expect(body.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ]);
  });

  it('streams each call: a first chunk with index, id, type, name and arguments "", then argument fragments', async () => {
    const steps: StreamDelta[] = [
      { tool_call: { index: 0, id: 'call_1', name: 'f' } },
      { tool_call: { index: 0, arguments: '{"a":' } },
      { tool_call: { index: 0, arguments: '1}' } },
      { tool_call: { index: 1, id: 'call_2', name: 'g', arguments: '{}' } },
      { finish_reason: 'tool_calls', usage: USAGE },
    ];
    const stream: CompletionStream = {
      id: 'cmpl-1', model: 'm', servedBy: 'm', attempts: 1, cancel: () => undefined,
      batches: (async function* () {
        yield steps;
      })(),
    };
    const encoder = chatChunkEncoder(stream, { includeUsage: false, created: 7 });
    let text = '';
    for await (const batch of stream.batches) for (const delta of batch) text += encoder.delta(delta);
    const deltas = text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => JSON.parse(frame.slice(6)) as { choices: { delta: unknown; finish_reason: unknown }[] });
    expect(deltas.map((chunk) => chunk.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: '' },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '1}' } }] },
      { tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'g', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
      {},
    ]);
    expect(deltas.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });
});
