import { describe, expect, it } from '@jest/globals';
import type { CompletionRequest } from '../provider-definition.js';
import { anthropicToolFields } from './anthropic.tools.js';

const weather = { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true };
const ask = (extra: Partial<CompletionRequest>): CompletionRequest => ({ messages: [{ role: 'user', content: 'p' }], ...extra });

describe('Anthropic tools and tool_choice', () => {
  it('sends nothing when there are no tools and no structured output', () => {
    expect(anthropicToolFields(ask({}))).toEqual({});
  });

  it('maps parameters to input_schema, leaves strict out, and gives a tool without parameters an empty object schema', () => {
    expect(anthropicToolFields(ask({ tools: [weather, { name: 'now' }] }))).toEqual({
      tools: [
        { name: 'get_weather', description: 'Weather of a city', input_schema: weather.parameters },
        { name: 'now', input_schema: { type: 'object', properties: {} } },
      ],
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [{ name: 'get_weather' }, { type: 'tool', name: 'get_weather' }],
  ] as const)('tool_choice %j → %j', (choice, wire) => {
    expect(anthropicToolFields(ask({ tools: [weather], tool_choice: choice })).tool_choice).toEqual(wire);
  });

  it('parallel_tool_calls false → disable_parallel_tool_use on the (default auto) tool_choice, not on none', () => {
    expect(anthropicToolFields(ask({ tools: [weather], parallel_tool_calls: false })).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(anthropicToolFields(ask({ tools: [weather], tool_choice: 'required', parallel_tool_calls: false })).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(anthropicToolFields(ask({ tools: [weather], tool_choice: 'none', parallel_tool_calls: false })).tool_choice).toEqual({ type: 'none' });
    expect(anthropicToolFields(ask({ tools: [weather], parallel_tool_calls: true }))).not.toHaveProperty('tool_choice');
  });
});

describe('Anthropic structured output as a forced tool', () => {
  const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };

  it('json_schema: a tool named after the schema, forced', () => {
    expect(anthropicToolFields(ask({ response_format: { type: 'json_schema', name: 'math', schema, strict: true } }))).toEqual({
      tools: [{ name: 'math', description: expect.any(String), input_schema: schema }],
      tool_choice: { type: 'tool', name: 'math' },
    });
  });

  it('json_object: a free-form object tool, forced; text: nothing', () => {
    expect(anthropicToolFields(ask({ response_format: { type: 'json_object' } }))).toMatchObject({
      tools: [{ name: 'json_object', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'tool', name: 'json_object' },
    });
    expect(anthropicToolFields(ask({ response_format: { type: 'text' } }))).toEqual({});
  });

  it('with client tools: the answer tool is added and some tool must be called', () => {
    const fields = anthropicToolFields(ask({ tools: [weather], response_format: { type: 'json_schema', name: 'math', schema } }));
    expect((fields.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['get_weather', 'math']);
    expect(fields.tool_choice).toEqual({ type: 'any' });
  });

  it('refuses a schema named like one of the tools', () => {
    expect(() => anthropicToolFields(ask({ tools: [weather], response_format: { type: 'json_schema', name: 'get_weather' } }))).toThrow(
      expect.objectContaining({ status: 400, param: 'response_format' }) as unknown as Error,
    );
  });
});
