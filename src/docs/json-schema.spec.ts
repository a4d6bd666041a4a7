import { describe, expect, it } from '@jest/globals';
import type { SchemaObject } from '@nestjs/swagger';
import { toJsonSchema } from './json-schema.js';

const COMPONENTS: Record<string, SchemaObject> = {
  Usage: { type: 'object', properties: { total: { type: 'integer', minimum: 0, example: 3 } }, required: ['total'] },
  Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } },
};

describe('toJsonSchema (OpenAPI 3.0 schema object → JSON Schema 2020-12)', () => {
  it('inlines references, also the described single allOf Swagger writes for a nested DTO', () => {
    const schema: SchemaObject = {
      type: 'object',
      properties: {
        usage: { description: 'Token usage.', allOf: [{ $ref: '#/components/schemas/Usage' }] },
        list: { type: 'array', items: { $ref: '#/components/schemas/Usage' } },
      },
    };
    const usage = { type: 'object', properties: { total: { type: 'integer', minimum: 0, examples: [3] } }, required: ['total'] };
    expect(toJsonSchema(schema, COMPONENTS)).toEqual({
      type: 'object',
      properties: { usage: { ...usage, description: 'Token usage.' }, list: { type: 'array', items: usage } },
    });
  });

  it('turns nullable into a type union (and null into an enum or a union)', () => {
    expect(toJsonSchema({ type: 'string', nullable: true }, {})).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true }, {})).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true }, {})).toEqual({
      anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }],
    });
    expect(toJsonSchema({ type: 'integer', nullable: false }, {})).toEqual({ type: 'integer' });
  });

  it('drops OpenAPI-only keywords and extensions, keeps example as examples', () => {
    const schema = { type: 'string', example: 'x', xml: { name: 'x' }, externalDocs: { url: 'u' }, 'x-internal': true } as SchemaObject;
    expect(toJsonSchema(schema, {})).toEqual({ type: 'string', examples: ['x'] });
  });

  it('refuses what it cannot inline, rather than advertising a dangling reference', () => {
    expect(() => toJsonSchema({ $ref: '#/components/schemas/Nope' }, COMPONENTS)).toThrow('Unresolvable');
    expect(() => toJsonSchema({ $ref: '#/components/schemas/Loop' }, COMPONENTS)).toThrow('Recursive');
  });
});
