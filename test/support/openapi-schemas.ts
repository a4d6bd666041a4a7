import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from '@jest/globals';
import { load } from 'js-yaml';
import { SPECS_DIR, specFile } from './specs-dir.js';

/** OpenAI's published OpenAPI document, read from SPECS_DIR: gate callers with describeWithSpecs/itWithSpecs/specsFor. */
const SPEC = 'openai-openapi.yaml';
const SPEC_ID = 'openai-openapi';

let ajv: Ajv2020 | undefined;

/**
 * The document still uses OpenAPI 3.0's `nullable` in places; JSON Schema 2020-12 spells it as a union with null.
 */
function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = convertNullable(value);
  if ((node as Record<string, unknown>).nullable !== true) return out;
  // A nullable enum lists the values besides null (the stream chunk's `finish_reason: null` until the end), so
  // null joins the enum too, as the document means it.
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

/** A validator for one schema of OpenAI's published OpenAPI document (components.schemas.<name>). */
export function openAISchema(name: string): ValidateFunction {
  if (!ajv) {
    const doc = load(readFileSync(specFile(SPEC), 'utf8')) as Record<string, unknown>;
    // OpenAPI 3.1 schemas are JSON Schema 2020-12 plus annotations Ajv does not know (discriminator, x-*).
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ ...(convertNullable(doc) as object), $id: SPEC_ID });
  }
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in the OpenAI spec`);
  return validate;
}

/**
 * A schema of OpenAI's document with one edit, for where the document is stricter than OpenAI's own wire: the
 * legacy Completions stream sends `finish_reason: null` until its last chunk, which CreateCompletionResponse
 * ("streamed and non-streamed share the same shape") does not allow. The edit is made on a copy; its local
 * `$ref`s still point into the document.
 */
export function openAISchemaEdited(name: string, edit: (schema: Record<string, unknown>) => void): ValidateFunction {
  openAISchema(name);
  const original = ajv!.getSchema(`${SPEC_ID}#/components/schemas/${name}`)!.schema;
  const copy = JSON.parse(JSON.stringify(original).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`)) as Record<string, unknown>;
  edit(copy);
  return ajv!.compile({ ...copy, $id: `${SPEC_ID}-edited-${name}-${Math.random().toString(36).slice(2)}` });
}

/**
 * Asserts a body validates against a schema of OpenAI's document, showing Ajv's errors when it does not. Without
 * SPECS_DIR it checks nothing: gate the suite with specsFor() so the run reports the check as skipped.
 */
export function expectOpenAISchema(name: string, body: unknown): void {
  if (SPECS_DIR === undefined) return;
  const validate = openAISchema(name);
  const valid = validate(body);
  expect({ valid, errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
}
