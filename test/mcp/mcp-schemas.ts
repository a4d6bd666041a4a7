import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { specFile } from '../support/specs-dir.js';

/**
 * The two protocol revisions the gateway serves, each with its official JSON Schema, read from SPECS_DIR (gate the
 * callers with describeWithSpecs/itWithSpecs/specsFor from test/support/specs-dir.ts).
 */
export const ERAS = ['2025-11-25', '2026-07-28'] as const;
export type Era = (typeof ERAS)[number];

/** Which result definition answers which request method. */
const RESULT_BY_METHOD: Record<string, string> = {
  initialize: 'InitializeResult',
  'server/discover': 'DiscoverResult',
  'tools/list': 'ListToolsResult',
  'tools/call': 'CallToolResult',
  ping: 'EmptyResult',
};

const validators = new Map<Era, Ajv2020>();

function ajvFor(era: Era): Ajv2020 {
  let ajv = validators.get(era);
  if (!ajv) {
    const schema = JSON.parse(readFileSync(specFile(`mcp-schema-${era}.json`), 'utf8')) as Record<string, unknown>;
    // Both files declare JSON Schema 2020-12 and carry no $id; give them one to address their $defs.
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ ...schema, $id: `mcp-${era}` });
    validators.set(era, ajv);
  }
  return ajv;
}

export function mcpSchema(era: Era, definition: string): ValidateFunction {
  const validate = ajvFor(era).getSchema(`mcp-${era}#/$defs/${definition}`);
  if (!validate) throw new Error(`no definition ${definition} in the ${era} schema`);
  return validate;
}

function check(era: Era, definition: string, value: unknown): string[] {
  const validate = mcpSchema(era, definition);
  if (validate(value)) return [];
  return [`${definition} (${era}): ${JSON.stringify(validate.errors?.slice(0, 5))} in ${JSON.stringify(value).slice(0, 400)}`];
}

/**
 * What is wrong with one message the server sent, against the schema of its era: a notification must be a
 * ServerNotification; a response a JSONRPCResultResponse / JSONRPCErrorResponse whose result is the result type
 * of the request it answers (`requestMethod`).
 */
export function serverMessageProblems(era: Era, message: unknown, requestMethod?: string): string[] {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return [`not a JSON-RPC object: ${JSON.stringify(message)}`];
  const record = message as Record<string, unknown>;
  if ('method' in record) {
    if ('id' in record) return [`unexpected server-to-client request: ${JSON.stringify(message)}`];
    return check(era, 'ServerNotification', message);
  }
  if ('error' in record) return check(era, 'JSONRPCErrorResponse', message);
  const problems = check(era, 'JSONRPCResultResponse', message);
  const definition = requestMethod === undefined ? undefined : RESULT_BY_METHOD[requestMethod];
  if (definition === undefined) return [...problems, `a result for an unknown request (${requestMethod}): ${JSON.stringify(message)}`];
  return [...problems, ...check(era, definition, record.result)];
}
