import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** A JSON Schema (draft 2020-12) as plain data: what the MCP SDK advertises in tools/list. */
export type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.0 keywords with no JSON Schema meaning (or only Swagger UI's): dropped. `example` becomes `examples`. */
const OPENAPI_ONLY = new Set(['nullable', 'example', 'xml', 'externalDocs', 'discriminator']);
const REF_PREFIX = '#/components/schemas/';
/** Keywords whose value is a map of name → schema, or a list of schemas, or one schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONE = new Set(['items', 'not', 'additionalProperties', 'contains', 'propertyNames']);

export type ComponentSchemas = Readonly<Record<string, SchemaObject | ReferenceObject>>;

function isRef(schema: object): schema is ReferenceObject {
  return typeof (schema as { $ref?: unknown }).$ref === 'string';
}

function resolve(ref: string, components: ComponentSchemas, seen: readonly string[]): JsonSchema {
  const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
  const target = name === undefined ? undefined : components[name];
  if (!target || name === undefined) throw new Error(`Unresolvable schema reference ${ref}`);
  // The DTOs are trees; a cycle would need $defs, which no tool schema needs yet.
  if (seen.includes(name)) throw new Error(`Recursive schema reference ${ref} cannot be inlined`);
  return convert(target, components, [...seen, name]);
}

function convert(schema: SchemaObject | ReferenceObject, components: ComponentSchemas, seen: readonly string[]): JsonSchema {
  if (isRef(schema)) return resolve(schema.$ref, components, seen);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema) as [string, unknown][]) {
    if (OPENAPI_ONLY.has(key) || key.startsWith('x-') || value === undefined) continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub as SchemaObject, components, seen)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => convert(sub as SchemaObject, components, seen));
    } else if (SCHEMA_ONE.has(key) && isObject(value)) {
      out[key] = convert(value as SchemaObject, components, seen);
    } else {
      out[key] = value;
    }
  }
  if (schema.example !== undefined && out.examples === undefined) out.examples = [schema.example];
  if (schema.nullable === true) nullable(out);
  return unwrapSingleAllOf(out);
}

/** OpenAPI 3.0 `nullable: true` is a type union with null in JSON Schema (and null joins an enum). */
function nullable(out: JsonSchema): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...(out.type as unknown[]), 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  const union = ['anyOf', 'oneOf'].find((key) => Array.isArray(out[key]));
  if (union !== undefined) out[union] = [...(out[union] as unknown[]), { type: 'null' }];
  else if (out.type === undefined && out.enum === undefined) {
    const inner = { ...out };
    for (const key of Object.keys(out)) delete out[key];
    out.anyOf = [inner, { type: 'null' }];
  }
}

/** Swagger writes a described nested DTO as `{description, allOf: [$ref]}`; inlined, that is one plain schema. */
function unwrapSingleAllOf(out: JsonSchema): JsonSchema {
  const allOf = out.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 1 || !isObject(allOf[0])) return out;
  const { allOf: _unused, ...rest } = out;
  return { ...(allOf[0] as JsonSchema), ...rest };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An OpenAPI 3.0 schema object (as @nestjs/swagger generates it) as a self-contained JSON Schema 2020-12: every
 * `#/components/schemas/...` reference inlined from `components`, `nullable` turned into a type union,
 * OpenAPI-only keywords and `x-` extensions dropped, `example` kept as `examples`.
 */
export function toJsonSchema(schema: SchemaObject | ReferenceObject, components: ComponentSchemas): JsonSchema {
  return convert(schema, components, []);
}
