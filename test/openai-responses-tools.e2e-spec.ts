import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import type { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { AGENT_MODELS, isAnthropic, startAgentsFixture, type AgentsFixture } from './support/agents-fixture.js';
import { openAISchema } from './support/openapi-schemas.js';
import { responseEventSchema } from './support/response-event-schemas.js';
import { specsFor } from './support/specs-dir.js';

// Function tools through the Responses API with the official openai SDK: the model's call, the client's
// function_call_output, and what each upstream received in its own format.
const SCHEMAS = specsFor('tool-call responses valid against OpenAI\'s OpenAPI document');
const weather: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'weather',
  description: 'The weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

const callIds = { openai: 'call_paris', anthropic: 'toolu_paris' } as const;
/** Every kind of model (OpenAI, Anthropic, openai-compatible) with the simulator route that serves it. */
const MODELS = AGENT_MODELS.map((model) => [model, isAnthropic(model) ? 'anthropic' : 'openai'] as const);

describe('function tools through /openai/v1/responses', () => {
  let upstream: UpstreamSimulator;
  let fixture: AgentsFixture;
  let client: OpenAI;

  beforeAll(async () => {
    fixture = await startAgentsFixture();
    upstream = fixture.upstream;
    client = new OpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey, maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => upstream.clear());

  /** The first turn: the model calls `weather`; checks the response and returns it. */
  async function firstTurn(model: string, route: 'openai' | 'anthropic'): Promise<OpenAI.Responses.Response> {
    upstream.enqueue({ toolCalls: [{ id: callIds[route], name: 'weather', arguments: { city: 'Paris' } }] }, route);
    const response = await client.responses.create({ model, input: 'Weather in Paris?', tools: [weather], tool_choice: 'auto' });
    expect(response.output).toEqual([expect.objectContaining({ type: 'function_call', call_id: callIds[route], name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' })]);
    expect(response.tools).toEqual([expect.objectContaining({ type: 'function', name: 'weather', strict: true })]);
    if (SCHEMAS) expect(openAISchema('Response')(response)).toBe(true);
    return response;
  }

  /** What the upstream got on the second turn: the call and its result, in its own format. */
  function expectRoundTrip(route: 'openai' | 'anthropic'): void {
    const body = upstream.requests[1]?.body as Record<string, unknown>;
    if (route === 'openai') {
      expect(body.tools).toEqual([{ type: 'function', function: { name: 'weather', description: 'The weather of a city', parameters: weather.parameters, strict: true } }]);
      expect(body.messages).toEqual([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_paris', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_paris', content: '18C and sunny' },
      ]);
    } else {
      expect(body.tools).toEqual([expect.objectContaining({ name: 'weather', input_schema: weather.parameters })]);
      expect(body.messages).toEqual([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_paris', name: 'weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_paris', content: '18C and sunny' }] },
      ]);
    }
  }

  it.each(MODELS)('%s: the call, then the output sent back with the call items', async (model, route) => {
    const first = await firstTurn(model, route);
    upstream.enqueue({ text: 'It is 18C and sunny in Paris.' }, route);
    const second = await client.responses.create({
      model,
      tools: [weather],
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...(first.output as OpenAI.Responses.ResponseFunctionToolCall[]),
        { type: 'function_call_output', call_id: callIds[route], output: '18C and sunny' },
      ],
    });
    expect(second.output_text).toBe('It is 18C and sunny in Paris.');
    expectRoundTrip(route);
  });

  it.each(MODELS)('%s: the output sent back with previous_response_id only', async (model, route) => {
    const first = await firstTurn(model, route);
    upstream.enqueue({ text: 'Sunny.' }, route);
    const second = await client.responses.create({
      model,
      tools: [weather],
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: callIds[route], output: '18C and sunny' }],
    });
    expect(second.output_text).toBe('Sunny.');
    expectRoundTrip(route);
  });

  it('forces a named tool: tool_choice reaches each upstream in its format', async () => {
    upstream.enqueue({ toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: { city: 'Rome' } }] }, 'anthropic');
    await client.responses.create({ model: 'claude', input: 'Rome?', tools: [weather], tool_choice: { type: 'function', name: 'weather' }, parallel_tool_calls: false });
    expect(upstream.requests[0]?.body).toMatchObject({ tool_choice: { type: 'tool', name: 'weather', disable_parallel_tool_use: true } });
    upstream.enqueue({ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Rome' } }] }, 'openai');
    await client.responses.create({ model: 'gpt-4o', input: 'Rome?', tools: [weather], tool_choice: 'required' });
    expect(upstream.requests[1]?.body).toMatchObject({ tool_choice: 'required' });
  });

  it.each(MODELS)('%s streamed: two calls as separate function_call items with their argument events, every event valid', async (model, route) => {
    upstream.enqueue({ text: 'Checking both.', toolCalls: [{ id: `${callIds[route]}_1`, name: 'weather', arguments: { city: 'Paris' } }, { id: `${callIds[route]}_2`, name: 'weather', arguments: { city: 'Rome' } }] }, route);
    const stream = client.responses.stream({ model, input: 'Weather in Paris and Rome?', tools: [weather] });
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (SCHEMAS) expect({ type: event.type, valid: responseEventSchema(event)(event) }).toEqual({ type: event.type, valid: true });
    }
    const final = await stream.finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(final.output.slice(1)).toEqual([
      expect.objectContaining({ call_id: `${callIds[route]}_1`, name: 'weather', arguments: '{"city":"Paris"}' }),
      expect.objectContaining({ call_id: `${callIds[route]}_2`, name: 'weather', arguments: '{"city":"Rome"}' }),
    ]);
    expect(final.output_text).toBe('Checking both.');
    expect(types.filter((type) => type === 'response.output_item.added')).toHaveLength(3);
    expect(types.filter((type) => type === 'response.function_call_arguments.done')).toHaveLength(2);
    expect(types.at(-1)).toBe('response.completed');
    // The calls answered in one request, both results in order.
    upstream.enqueue({ text: 'Both sunny.' }, route);
    const next = await client.responses.create({
      model,
      tools: [weather],
      previous_response_id: final.id,
      input: [
        { type: 'function_call_output', call_id: `${callIds[route]}_1`, output: 'sunny' },
        { type: 'function_call_output', call_id: `${callIds[route]}_2`, output: 'sunny' },
      ],
    });
    expect(next.output_text).toBe('Both sunny.');
  });

  it.each(MODELS)('%s: text.format json_schema gives JSON valid against the schema, JSON and streamed', async (model, route) => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
    upstream.enqueue({ json: { city: 'Oslo', celsius: -3 } }, route);
    const response = await client.responses.create({ model, input: 'Oslo weather as JSON.', text: { format: { type: 'json_schema', name: 'forecast', schema, strict: true } } });
    expect(JSON.parse(response.output_text)).toEqual({ city: 'Oslo', celsius: -3 });
    expect(response.text).toEqual({ format: { type: 'json_schema', name: 'forecast', schema, strict: true } });
    if (SCHEMAS) expect(openAISchema('Response')(response)).toBe(true);
    upstream.enqueue({ json: { city: 'Oslo', celsius: -4 } }, route);
    const streamed = await client.responses.stream({ model, input: 'Again.', text: { format: { type: 'json_schema', name: 'forecast', schema, strict: true } } }).finalResponse();
    expect(JSON.parse(streamed.output_text)).toEqual({ city: 'Oslo', celsius: -4 });
  });

  it('falls back before the first event: a failing model\'s stream is served by its fallback that has tools (one without is skipped)', async () => {
    upstream.enqueue({ status: 500 }, 'openai');
    upstream.enqueue({ toolCalls: [{ id: 'call_fb', name: 'weather', arguments: { city: 'Oslo' } }] }, 'openai');
    const raw = await fetch(`${fixture.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'flaky', input: 'Oslo?', tools: [weather], stream: true }),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-gateway-attempts')).toBe('2');
    const text = await raw.text();
    expect(text).toContain('event: response.completed');
    expect(text).toContain('"call_id":"call_fb"');
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual(['flaky-llm', 'gpt-4o']);
  });
});
