import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI, { BadRequestError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { AGENT_MODELS, isAnthropic, received, schemaProblems, startAgentsFixture, waitForLogLine, type AgentModel, type AgentsFixture } from './support/agents-fixture.js';
import { specsFor } from './support/specs-dir.js';

// The official `openai` SDK (tools, stream helpers, runTools, images, parse) against /openai/v1 on every kind of
// upstream; each test also checks what the upstream received, in its own API's format.
const WEATHER: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    strict: true,
  },
};
const TIME: ChatCompletionTool = { type: 'function', function: { name: 'get_time', description: 'The time now', parameters: { type: 'object', properties: {} } } };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('agents through /openai/v1 with the official openai SDK', () => {
  let fixture: AgentsFixture;
  const logLine = (match: (entry: Record<string, unknown>) => boolean) => waitForLogLine(fixture.gateway, match);
  let client: OpenAI;
  const schemas = specsFor('tool-call responses and chunks validate against CreateChatCompletionResponse / CreateChatCompletionStreamResponse');

  beforeAll(async () => {
    fixture = await startAgentsFixture();
    client = new OpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey, maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.upstream.clear());

  describe.each(AGENT_MODELS)('on %s', (model: AgentModel) => {
    it('calls a tool (JSON), then continues with its own choice.message and the tool result appended', async () => {
      const { upstream } = fixture;
      upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?', name: 'ada' }];
      const first = await client.chat.completions.create({ model, messages, tools: [WEATHER], tool_choice: 'auto' });
      if (schemas) expect(schemaProblems('CreateChatCompletionResponse', first)).toEqual([]);
      const choice = first.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.tool_calls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
      const call = choice.message.tool_calls![0]!;

      upstream.enqueue({ text: 'It is sunny in Paris.' });
      messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 24 C' });
      const second = await client.chat.completions.create({ model, messages, tools: [WEATHER] });
      expect(second.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'It is sunny in Paris.' } });

      const [asked, answered] = [received(upstream, model, 0), received(upstream, model, 1)];
      if (isAnthropic(model)) {
        expect(asked).toMatchObject({
          tools: [{ name: 'get_weather', description: 'The weather in a city', input_schema: WEATHER.function.parameters }],
          tool_choice: { type: 'auto' },
          messages: [{ role: 'user', content: 'Weather in Paris?' }],
        });
        expect(answered.messages).toEqual([
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 24 C' }] },
        ]);
      } else {
        expect(asked).toMatchObject({ tools: [WEATHER], tool_choice: 'auto', messages: [{ role: 'user', content: 'Weather in Paris?', name: 'ada' }] });
        expect(answered.messages).toEqual([
          { role: 'user', content: 'Weather in Paris?', name: 'ada' },
          { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: call.id, content: 'sunny, 24 C' },
        ]);
      }
    });

    it("continues a plain chat with the SDK's own choice.message (refusal: null) appended", async () => {
      const { upstream } = fixture;
      upstream.enqueue({ text: 'Hello.' }).enqueue({ text: 'Goodbye.' });
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];
      const first = await client.chat.completions.create({ model, messages });
      expect(first.choices[0]!.message).toMatchObject({ content: 'Hello.', refusal: null });
      messages.push(first.choices[0]!.message, { role: 'user', content: 'Bye' });
      expect((await client.chat.completions.create({ model, messages })).choices[0]!.message.content).toBe('Goodbye.');
      expect((received(upstream, model, 1).messages as unknown[]).slice(-2)).toEqual([{ role: 'assistant', content: 'Hello.' }, { role: 'user', content: 'Bye' }]);
    });

    it('streams two tool calls that chat.completions.stream() assembles apart, the one without arguments as "{}"', async () => {
      const { upstream } = fixture;
      upstream.enqueue({ text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }, { name: 'get_time', arguments: {} }] });
      const stream = client.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Weather and time in Rome?' }], tools: [WEATHER, TIME], parallel_tool_calls: true });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]!.finish_reason).toBe('tool_calls');
      expect(final.choices[0]!.message.content).toBe('Checking.');
      expect(final.choices[0]!.message.tool_calls?.map((call) => (call.type === 'function' ? [call.function.name, call.function.arguments] : [call.type]))).toEqual([
        ['get_weather', '{"city":"Rome"}'],
        ['get_time', '{}'],
      ]);
      const firsts = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).filter((call) => call.id !== undefined);
      expect(firsts).toEqual([
        { index: 0, id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '' } },
        { index: 1, id: expect.any(String), type: 'function', function: { name: 'get_time', arguments: '' } },
      ]);
      if (schemas) expect(chunks.flatMap((chunk) => schemaProblems('CreateChatCompletionStreamResponse', chunk))).toEqual([]);
      expect(received(upstream, model).stream).toBe(true);
    });

    it('runs tools with runTools until the model answers', async () => {
      const { upstream } = fixture;
      upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
      upstream.enqueue({ text: 'Snow in Oslo.' });
      const seen: string[] = [];
      const runner = client.chat.completions.runTools({
        model,
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'The weather in a city',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              parse: (input: string) => JSON.parse(input) as { city: string },
              function: ({ city }: { city: string }) => {
                seen.push(city);
                return `snow in ${city}`;
              },
            },
          },
        ],
      });
      expect(await runner.finalContent()).toBe('Snow in Oslo.');
      expect(seen).toEqual(['Oslo']);
      const resultTurn = (received(upstream, model, 1).messages as Record<string, unknown>[]).at(-1);
      expect(JSON.stringify(resultTurn)).toContain('snow in Oslo');
    });

    it('sends images (an https URL and a data URL) and keeps text parts apart', async () => {
      const { upstream } = fixture;
      upstream.enqueue({ text: 'A cat and a pixel.' });
      const answer = await client.chat.completions.create({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe these:' },
              { type: 'text', text: 'both, please.' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } },
            ],
          },
        ],
      });
      expect(answer.choices[0]!.message.content).toBe('A cat and a pixel.');
      const content = (received(upstream, model).messages as { content: unknown }[])[0]!.content;
      expect(content).toEqual(
        isAnthropic(model)
          ? [
              { type: 'text', text: 'Describe these:' },
              { type: 'text', text: 'both, please.' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            ]
          : [
              { type: 'text', text: 'Describe these:' },
              { type: 'text', text: 'both, please.' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } },
            ],
      );
    });

    it('refuses a data URL whose bytes are not the image type it names, before any upstream call', async () => {
      const { upstream } = fixture;
      const refused = client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${PNG}` } }] }],
      });
      await expect(refused).rejects.toBeInstanceOf(BadRequestError);
      await expect(refused).rejects.toMatchObject({ param: 'messages[0].content[0]', message: expect.stringContaining('says image/jpeg but its bytes are image/png') });
      expect(upstream.requests).toHaveLength(0);
    });

    it('parses structured output with chat.completions.parse() and a zod schema, JSON and streamed', async () => {
      const { upstream } = fixture;
      const Answer = z.object({ answer: z.number(), steps: z.array(z.string()) });
      const value = { answer: 4, steps: ['2 + 2', '= 4'] };
      upstream.enqueue({ json: value });
      const parsed = await client.chat.completions.parse({ model, messages: [{ role: 'user', content: '2 + 2?' }], response_format: zodResponseFormat(Answer, 'math_answer') });
      expect(parsed.choices[0]!.message.parsed).toEqual(value);
      expect(parsed.choices[0]!.finish_reason).toBe('stop');

      upstream.enqueue({ json: value });
      const stream = client.chat.completions.stream({ model, messages: [{ role: 'user', content: '2 + 2?' }], response_format: zodResponseFormat(Answer, 'math_answer') });
      expect((await stream.finalChatCompletion()).choices[0]!.message.parsed).toEqual(value);

      const asked = received(upstream, model, 0);
      if (isAnthropic(model)) {
        expect(asked).toMatchObject({ tools: [{ name: 'math_answer', input_schema: { type: 'object', required: ['answer', 'steps'] } }], tool_choice: { type: 'tool', name: 'math_answer' } });
        expect(asked).not.toHaveProperty('response_format');
      } else {
        expect(asked.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'math_answer', strict: true, schema: { type: 'object' } } });
      }
    });
  });

  it('refuses tools for a model without supports_tools, naming both, before any upstream call', async () => {
    const refused = client.chat.completions.create({ model: 'text-only', messages: [{ role: 'user', content: 'x' }], tools: [WEATHER] });
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'tools', message: expect.stringContaining("Model 'text-only' does not support tools") });
    expect(fixture.upstream.requests).toHaveLength(0);
  });

  it('skips a fallback that cannot take tools, with a log line, and serves from the next', async () => {
    const { upstream } = fixture;
    upstream.enqueue({ status: 500 });
    upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lima' } }] });
    const answer = await client.chat.completions.create({ model: 'flaky', messages: [{ role: 'user', content: 'Weather in Lima?' }], tools: [WEATHER] });
    expect(answer.choices[0]!.message.tool_calls).toHaveLength(1);
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual(['flaky-llm', 'gpt-4o']);
    await logLine((entry) => typeof entry.msg === 'string' && entry.msg.includes("fallback 'text-only' skipped") && entry.msg.includes('does not support tools'));
  });

  it('refuses the legacy functions API with a clear 400', async () => {
    const refused = client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], functions: [{ name: 'f', parameters: {} }] });
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'functions', message: expect.stringContaining("replaced by 'tools'") });
  });

  it("logs the tool and image counts on the request's line", async () => {
    fixture.upstream.enqueue({ text: 'ok' });
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }],
      tools: [WEATHER, TIME],
    });
    // The line is written when the response ends, possibly after the client read it: wait for it.
    const line = await logLine((entry) => entry.msg === 'request' && entry.tools !== undefined && entry.images !== undefined);
    expect(line).toMatchObject({ route: '/openai/v1/chat/completions', status: 200, tools: 2, images: 1 });
  });
});
