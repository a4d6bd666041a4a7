import type { Type } from '@nestjs/common';
import { generateSchema, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { toJsonSchema, type JsonSchema } from './json-schema.js';

/*
 * The DTO classes are the one source of every request and response shape: Swagger reads their decorators through
 * SwaggerModule.createDocument, and the MCP tools' JSON Schemas come from the same OpenAPI component schemas, built
 * here with @nestjs/swagger's public generateSchema (the factory createDocument uses for its components), so no
 * HTTP application is needed (the stdio entry has none). docs/api-schemas.md says how to add a DTO.
 */

export interface DtoSchemaOptions {
  /**
   * For inputs: validateBody refuses unknown fields by name, so the schema says `additionalProperties: false`.
   * Outputs stay open to new fields, like the REST responses.
   */
  closed?: boolean;
  /** Properties the surface does not take (a REST-only field such as `stream`): dropped from the schema. */
  omit?: readonly string[];
  /**
   * Facts the decorators cannot know (they run before the configuration is read), applied to the OpenAPI
   * components by the same function the Swagger document uses (e.g. the provider enum, src/docs/provider-enum.ts).
   */
  refine?: (components: Record<string, SchemaObject>) => void;
}

/** A DTO's component name: its `@ApiSchema` name (`CompleteRequest`), which clients see, not the class name. */
export function schemaName(dto: Type<unknown>): string {
  return getSchemaPath(dto).slice('#/components/schemas/'.length);
}

/** The OpenAPI component schemas of a DTO and of every DTO it references, by schema name. */
export function dtoComponents(dto: Type<unknown>): Record<string, SchemaObject> {
  return generateSchema(dto).schemas;
}

/** A DTO's schema as a self-contained JSON Schema 2020-12 object (references inlined). */
export function dtoJsonSchema(dto: Type<unknown>, options: DtoSchemaOptions = {}): JsonSchema {
  const components = dtoComponents(dto);
  options.refine?.(components);
  const schema = toJsonSchema(components[schemaName(dto)]!, components);
  const omit = new Set(options.omit ?? []);
  if (omit.size > 0 && isSchemaMap(schema.properties)) {
    schema.properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => !omit.has(name)));
    if (Array.isArray(schema.required)) schema.required = schema.required.filter((name) => !omit.has(String(name)));
  }
  if (options.closed) schema.additionalProperties = false;
  return schema;
}

/** The properties of an object schema, each a JSON Schema (throws when the DTO has no such shape: a coding error). */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  if (!isSchemaMap(schema.properties)) throw new Error('schema has no properties');
  return schema.properties;
}

function isSchemaMap(value: unknown): value is Record<string, JsonSchema> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
