import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ApiError } from '../common/api-error.js';
import { bodyShapeProblem, MAX_OBJECT_KEYS, type ShapeProblem } from '../common/body-shape.js';
import { fastBody } from '../common/compiled-dto/fast-body.js';
import { isRecord } from '../common/json.js';

/** Unknown names are echoed cut to this length (a client may send a megabyte-long key). */
const NAME_CUT = 64;

const cut = (text: string): string => (text.length > NAME_CUT ? `${text.slice(0, NAME_CUT)}…` : text);

/** `messages.0.content` → `messages[0].content`: OpenAI's way of naming a field. */
function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

const isUnknown = (error: ValidationError): boolean => error.constraints?.whitelistValidation !== undefined;

/** The first problem: a bad value of a known field before an unknown field (a `tool` role before `tool_call_id`). */
function firstProblem(errors: readonly ValidationError[], parent: string): { param: string; message: string; unknown: boolean } {
  const error = errors.find((candidate) => !isUnknown(candidate)) ?? errors[0]!;
  const param = joinPath(parent, cut(error.property));
  if (isUnknown(error)) return { param, message: `Unrecognized request argument supplied: ${param}`, unknown: true };
  const constraints = error.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.length === 0 && error.children && error.children.length > 0) return firstProblem(error.children, param);
  // A type problem says more than a range problem, and a custom message more than a nested-object complaint.
  const name = names.find((key) => key.startsWith('is') && key !== 'nestedValidation') ?? names[0];
  const text = name === undefined ? 'is invalid.' : constraints[name]!;
  return { param, message: `Invalid '${param}': ${text}`, unknown: false };
}

/** The 400 for a body refused before transformation (body-shape.ts), in OpenAI's words. */
function shapeError(problem: ShapeProblem): ApiError {
  const param = problem.path.reduce((parent, key) => joinPath(parent, cut(key)), '');
  if (problem.kind === 'unknown') return ApiError.invalid(`Unrecognized request argument supplied: ${param}`, param);
  if (problem.kind === 'items') {
    return ApiError.invalid(`Invalid '${param}': array too long. Expected an array with maximum length ${problem.max}, but got an array with length ${problem.length} instead.`, param);
  }
  const where = param === '' ? 'The request body has' : `Invalid '${param}':`;
  return ApiError.invalid(`${where} too many keys: at most ${MAX_OBJECT_KEYS} are accepted in one object (or in one free-form field).`, param === '' ? null : param);
}

/**
 * Validates a body against an OpenAI-surface DTO (the DTO class is the one source of the rules): no coercion,
 * unknown fields refused as OpenAI does ("Unrecognized request argument supplied: x"), the first problem a 400
 * whose param names the field the OpenAI way (`messages[0].content[1].type`).
 */
export function validateOpenAIBody<T extends object>(dto: new () => T, body: unknown): T {
  if (!isRecord(body)) throw ApiError.invalid('The request body must be a JSON object.', null);
  const shape = bodyShapeProblem(dto, body);
  if (shape !== undefined) throw shapeError(shape);
  // Valid bodies: built and checked by plans compiled from the DTO; the rest as before, for the exact 400.
  const fast = fastBody(dto, body);
  if (fast !== undefined) return fast;
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length === 0) return instance;
  const { param, message } = firstProblem(errors, '');
  throw ApiError.invalid(message, param);
}
