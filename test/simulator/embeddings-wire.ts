// OpenAI's Embeddings API (POST /v1/embeddings): request checks as the real API makes them, deterministic vectors.
import { createHash } from 'node:crypto';
import { openaiError, type OpenAIErrorBody } from './openai-wire.js';
import { approxTokens, isRecord } from './wire.js';

/** Native sizes of the embedding models the simulator knows; any other model is a 404 like OpenAI's. */
const MODELS: Record<string, { dimensions: number; shortenable: boolean }> = {
  'text-embedding-3-small': { dimensions: 1536, shortenable: true },
  'text-embedding-3-large': { dimensions: 3072, shortenable: true },
  'text-embedding-ada-002': { dimensions: 1536, shortenable: false },
};
const FIELDS = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user']);
const MAX_INPUTS = 2048;

export type EmbeddingsAnswer = { status: 200; body: unknown } | { status: 400 | 404; body: OpenAIErrorBody };

const invalid = (message: string, param: string | null = null): EmbeddingsAnswer => ({ status: 400, body: openaiError(message, 'invalid_request_error', null, param) });

const isTokens = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((token) => Number.isInteger(token) && token >= 0);

/** The inputs of a request, or undefined when `input` has none of OpenAI's four shapes. */
function inputs(input: unknown): (string | number[])[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (isTokens(input)) return [input];
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) return undefined;
  if (input.every((item) => typeof item === 'string' && item !== '')) return input as string[];
  return input.every(isTokens) ? (input as number[][]) : undefined;
}

/** A unit vector derived from the input, so equal inputs get equal vectors. */
function vector(input: string | number[], size: number): number[] {
  const seed = createHash('sha256').update(JSON.stringify(input)).digest();
  const raw = Array.from({ length: size }, (_, index) => (seed[index % seed.length]! - 127.5) / 127.5 + Math.sin(index + 1) / 10);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

function base64(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** What OpenAI answers to this embeddings body. */
export function answerEmbeddings(body: unknown): EmbeddingsAnswer {
  if (!isRecord(body)) return invalid('We could not parse the JSON body of your request.');
  const unknown = Object.keys(body).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) return invalid(`Unrecognized request argument supplied: ${unknown}`);
  if (typeof body.model !== 'string') return invalid("you must provide a model parameter", 'model');
  const model = MODELS[body.model];
  if (model === undefined) return { status: 404, body: openaiError(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found') };
  const items = inputs(body.input);
  if (items === undefined) return invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return invalid(`'${String(format)}' is not one of ['float', 'base64'] - 'encoding_format'`, 'encoding_format');
  const { dimensions } = body;
  if (dimensions !== undefined && !model.shortenable) return invalid('This model does not support specifying dimensions.', 'dimensions');
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > model.dimensions)) {
    return invalid(`Invalid 'dimensions': must be between 1 and ${model.dimensions}.`, 'dimensions');
  }
  const size = (dimensions as number | undefined) ?? model.dimensions;
  const tokens = items.reduce((sum, item) => sum + (typeof item === 'string' ? approxTokens(item.length) : item.length), 0);
  return {
    status: 200,
    body: {
      object: 'list',
      data: items.map((item, index) => {
        const values = vector(item, size);
        return { object: 'embedding', index, embedding: format === 'base64' ? base64(values) : values };
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
