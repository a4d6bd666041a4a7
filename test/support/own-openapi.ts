import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The gateway's own OpenAPI document (3.0, as @nestjs/swagger writes it), as far as these checks read it. */
export interface OwnOpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}
type Schema = Record<string, unknown>;

/**
 * OpenAPI 3.0 to JSON Schema for validating real answers: `nullable` becomes a null alternative, `$ref`s point at
 * `$defs`, and an object with declared properties admits no other (so a field the document does not name fails).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const out: Schema = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'example' || key === 'examples' ? value : toJsonSchema(value)]));
  if (typeof out.$ref === 'string') out.$ref = out.$ref.replace('#/components/schemas/', '#/$defs/');
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  // Also for `allOf: [$ref]` beside `type` (how @nestjs/swagger writes a nullable nested class).
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** A validator for the JSON body the document promises for `method path` answering `status`. */
export function responseValidator(doc: OwnOpenApi, path: string, method: string, status: number): ValidateFunction {
  const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`${method.toUpperCase()} ${path} documents no JSON body for ${status}`);
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile({ ...(toJsonSchema(schema) as Schema), $defs: toJsonSchema(doc.components.schemas) as Schema });
}
