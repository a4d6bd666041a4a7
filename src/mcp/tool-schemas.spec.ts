import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ApiError } from '../common/api-error.js';
import { validateBody } from '../common/validate-body.js';
import { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import { dtoJsonSchema } from '../docs/schema-source.js';
import { PROVIDERS } from '../providers/registry.js';
import { completeInputSchema, completeOutputSchema, listModelsOutputSchema, REST_ONLY_FIELDS } from './tool-schemas.js';

// Strict: a keyword JSON Schema 2020-12 does not know (an OpenAPI leftover such as `nullable` or `example`) fails.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const BASE = { model: 'gpt-4o', prompt: 'Write a poem about the ocean.' };

/** Representative bodies, per property of CompleteRequestDto: required, type, range, shape, unknown fields. */
const CASES: Array<[string, Record<string, unknown>]> = [
  ['the seed example', { ...BASE, max_tokens: 50, temperature: 0.7, stop: ['\n'] }],
  ['no model', { prompt: 'x' }],
  ['no prompt', { model: 'gpt-4o' }],
  ['model not a string', { ...BASE, model: 42 }],
  ['empty model', { ...BASE, model: '' }],
  ['prompt not a string', { ...BASE, prompt: ['x'] }],
  ['empty prompt', { ...BASE, prompt: '' }],
  ['max_tokens 1', { ...BASE, max_tokens: 1 }],
  ['max_tokens 0', { ...BASE, max_tokens: 0 }],
  ['max_tokens as a string', { ...BASE, max_tokens: '50' }],
  ['max_tokens fractional', { ...BASE, max_tokens: 1.5 }],
  ['temperature 0', { ...BASE, temperature: 0 }],
  ['temperature 2', { ...BASE, temperature: 2 }],
  ['temperature 2.1', { ...BASE, temperature: 2.1 }],
  ['temperature negative', { ...BASE, temperature: -0.1 }],
  ['temperature as a string', { ...BASE, temperature: '1' }],
  ['top_p 1', { ...BASE, top_p: 1 }],
  ['top_p 1.1', { ...BASE, top_p: 1.1 }],
  ['top_p negative', { ...BASE, top_p: -0.5 }],
  ['top_p boolean', { ...BASE, top_p: true }],
  ['stop string', { ...BASE, stop: 'END' }],
  ['stop empty string', { ...BASE, stop: '' }],
  ['stop four strings', { ...BASE, stop: ['a', 'b', 'c', 'd'] }],
  ['stop five strings', { ...BASE, stop: ['a', 'b', 'c', 'd', 'e'] }],
  ['stop with an empty string', { ...BASE, stop: ['a', ''] }],
  ['stop with a number', { ...BASE, stop: [1] }],
  ['stop object', { ...BASE, stop: {} }],
  ['an unknown field', { ...BASE, max_token: 5 }],
];

function validatorAccepts(body: unknown): boolean {
  try {
    validateBody(CompleteRequestDto, body);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return false;
    throw error;
  }
}

describe('the MCP complete input schema, derived from CompleteRequestDto', () => {
  const dtoSchema = ajv.compile(dtoJsonSchema(CompleteRequestDto, { closed: true, omit: REST_ONLY_FIELDS }));
  const toolSchema = ajv.compile(completeInputSchema(PROVIDERS.builtinModels, PROVIDERS));

  it.each(CASES)('agrees with the class-validator rules: %s', (_name, body) => {
    expect(dtoSchema(body)).toBe(validatorAccepts(body));
  });

  it.each(CASES)('the tool schema (narrowed by the configuration) never accepts what the validator refuses: %s', (_name, body) => {
    if (!validatorAccepts(body)) expect(toolSchema(body)).toBe(false);
  });

  it('narrows by the configuration: model ids, the largest max_output_tokens, provider texts', () => {
    expect(toolSchema({ ...BASE, model: 'gpt-5-unknown' })).toBe(false);
    const largest = Math.max(...PROVIDERS.builtinModels.map((model) => model.max_output_tokens));
    expect(toolSchema({ ...BASE, max_tokens: largest })).toBe(true);
    expect(toolSchema({ ...BASE, max_tokens: largest + 1 })).toBe(false);
    expect(JSON.stringify(completeInputSchema(PROVIDERS.builtinModels, PROVIDERS))).toContain('Anthropic');
  });

  it('does not advertise JSON null for optional fields, which the validator accepts as "not set"', () => {
    const body = { ...BASE, max_tokens: null, temperature: null, top_p: null, stop: null };
    expect(validatorAccepts(body)).toBe(true);
    expect(dtoSchema(body)).toBe(false);
  });

  it('takes no REST-only field (the tool streams through progress notifications)', () => {
    expect(Object.keys(completeInputSchema(PROVIDERS.builtinModels, PROVIDERS).properties ?? {})).not.toEqual(
      expect.arrayContaining([...REST_ONLY_FIELDS]),
    );
  });
});

describe('the MCP output schemas, derived from the response DTOs', () => {
  it('accept what the REST API answers and refuse what it never does', () => {
    const complete = ajv.compile(completeOutputSchema());
    const data = {
      id: 'cmpl-1', model: 'gpt-4o', served_by: 'gpt-4o',
      choices: [{ text: 'hi', finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    expect(complete(data)).toBe(true);
    expect(complete({ ...data, served_by: undefined })).toBe(false);
    expect(complete({ ...data, usage: { ...data.usage, total_tokens: -1 } })).toBe(false);
    const list = ajv.compile(listModelsOutputSchema(PROVIDERS));
    const model = { id: 'gpt-4o', description: 'd', provider: 'openai', max_output_tokens: 16384, available: true, supports_tools: true, supports_vision: true, supports_json_schema: true };
    expect(list([model])).toBe(true);
    expect(list([{ ...model, provider: 'nobody' }])).toBe(false);
    expect(list([{ ...model, max_output_tokens: 0 }])).toBe(false);
  });
});
