import type { JsonSchemaType } from '@modelcontextprotocol/server';
import { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import { CompleteResponseDto } from '../completions/dto/complete-response.dto.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { JsonSchema } from '../docs/json-schema.js';
import { describeProviderKinds } from '../docs/provider-enum.js';
import { dtoJsonSchema, propertiesOf } from '../docs/schema-source.js';
import { ModelListDto } from '../models/dto/model-info.dto.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { listOf, providerFacts } from './provider-text.js';

/*
 * The tools' JSON Schemas, derived from the REST DTOs (src/docs/schema-source.ts): the `complete` input is the body
 * of POST /v1/complete, its output the REST `data`; the `list_models` output is the REST `data.models`. Arguments
 * are still checked by validateBody (one rule, one place; tool-schemas.spec.ts proves the two agree); the schemas
 * tell clients and models the shape up front, narrowed here by what the configuration knows.
 */

/** CompleteRequestDto fields the tool does not take: it streams through progress notifications instead. */
export const REST_ONLY_FIELDS: readonly string[] = ['stream'];

function withText(schema: JsonSchema | undefined, text: string): JsonSchema {
  const description = typeof schema?.description === 'string' ? `${schema.description} ` : '';
  return { ...schema, description: `${description}${text}`.trim() };
}

/** Input of `complete`; `model` is an enum of the configured ids, so a model cannot invent one. */
export function completeInputSchema(models: readonly ModelEntry[], registry: ProviderRegistry): JsonSchemaType {
  const schema = dtoJsonSchema(CompleteRequestDto, { closed: true, omit: REST_ONLY_FIELDS });
  const properties = propertiesOf(schema);
  const facts = providerFacts(models, registry);
  // The enum replaces the DTO's example, which may name a model this configuration lacks.
  const { examples: _example, ...model } = properties.model ?? {};
  properties.model = { ...model, enum: models.map((entry) => entry.id) };
  const defaults = facts.defaultMaxTokens.length > 0 ? ` ${listOf(facts.defaultMaxTokens)} models send their default_max_tokens.` : '';
  properties.max_tokens = withText(
    { ...properties.max_tokens, maximum: Math.max(...models.map((model) => model.max_output_tokens)) },
    `See list_models for each model's max_output_tokens.${defaults}`,
  );
  properties.temperature = withText({ ...properties.temperature, maximum: facts.maxTemperature }, `Ranges: ${facts.temperatureRanges}.`);
  if (facts.exclusiveSampling.length > 0) {
    properties.top_p = withText(properties.top_p, `${listOf(facts.exclusiveSampling)} models refuse temperature and top_p together.`);
  }
  return schema as JsonSchemaType;
}

/** Output of `complete`: the REST `data` (POST /v1/complete). Open to new fields, like the REST response. */
export function completeOutputSchema(): JsonSchemaType {
  return dtoJsonSchema(CompleteResponseDto) as JsonSchemaType;
}

/**
 * Output of `list_models`: the REST `data.models` array. On 2025-11-25 connections, whose outputSchema must be an
 * object, the SDK wraps it as `{ result: [...] }` (SEP-2106).
 */
export function listModelsOutputSchema(registry: ProviderRegistry): JsonSchemaType {
  const list = dtoJsonSchema(ModelListDto, { refine: (components) => describeProviderKinds(components, registry) });
  const { description: _unused, ...models } = propertiesOf(list).models!;
  return models as JsonSchemaType;
}
