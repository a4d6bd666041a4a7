import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { checkedMetadata, toResponseFormat, toToolChoice, toToolDefinitions } from './request-options.mapping.js';

const paramOf = (run: () => unknown): string | null => {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.param;
  }
  throw new Error('not refused');
};

describe('Responses tools, tool_choice, text.format and metadata', () => {
  const weather = { type: 'function', name: 'weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true };

  it('maps function tools (Responses puts name and parameters at the top level)', () => {
    expect(toToolDefinitions([weather, { type: 'function', name: 'now', parameters: null }])).toEqual([
      { name: 'weather', description: 'Weather of a city', parameters: weather.parameters, strict: true },
      { name: 'now' },
    ]);
  });

  it.each(['web_search_preview', 'web_search', 'file_search', 'computer_use_preview', 'code_interpreter', 'image_generation', 'mcp', 'local_shell'])('refuses the built-in tool %s by name', (type) => {
    expect(() => toToolDefinitions([{ type }])).toThrow(new RegExp(`built-in tool '${type}'`));
  });

  it('maps tool_choice: the strings, and a named function that must be among the tools', () => {
    const tools = toToolDefinitions([weather]);
    expect(toToolChoice('required', tools)).toBe('required');
    expect(toToolChoice({ type: 'function', name: 'weather' }, tools)).toEqual({ name: 'weather' });
    expect(toToolChoice(undefined, tools)).toBeUndefined();
    expect(paramOf(() => toToolChoice({ type: 'function', name: 'other' }, tools))).toBe('tool_choice.name');
    expect(paramOf(() => toToolChoice({ type: 'web_search_preview' }, tools))).toBe('tool_choice.type');
    expect(paramOf(() => toToolChoice({ type: 'allowed_tools', mode: 'auto', tools: [] }, tools))).toBe('tool_choice.type');
  });

  it('maps text.format to the response format', () => {
    expect(toResponseFormat({ format: { type: 'text' } })).toBeUndefined();
    expect(toResponseFormat({ verbosity: 'low' })).toBeUndefined();
    expect(toResponseFormat({ format: { type: 'json_object' } })).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    expect(toResponseFormat({ format: { type: 'json_schema', name: 'answer', schema, strict: true, description: 'd' } })).toEqual({ type: 'json_schema', name: 'answer', schema, strict: true, description: 'd' });
    expect(paramOf(() => toResponseFormat({ format: { type: 'json_schema', name: 'answer' } }))).toBe('text.format.schema');
    expect(paramOf(() => toResponseFormat({ format: { type: 'yaml' } }))).toBe('text.format.type');
  });

  it('checks metadata as OpenAI does', () => {
    expect(checkedMetadata({ a: 'b' })).toEqual({ a: 'b' });
    expect(checkedMetadata(null)).toEqual({});
    expect(paramOf(() => checkedMetadata({ a: 1 }))).toBe('metadata.a');
    expect(paramOf(() => checkedMetadata(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']))))).toBe('metadata');
  });
});
