import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ApiError } from './api-error.js';
import { bodyShapeProblem, MAX_OBJECT_KEYS, type ShapeProblem } from './body-shape.js';
import { fastBody } from './compiled-dto/fast-body.js';
import { echoedName, reservedKeyPath } from './field-names.js';
import { isRecord } from './json.js';
import { DEFAULT_MAX_JSON_DEPTH, tooDeeplyNested } from './json-depth.js';

/** Type problems are reported before range problems: "must be an integer" says more about "50" than "at least 1". */
const CONSTRAINT_ORDER = ['whitelistValidation', 'isString', 'isInt', 'isNumber', 'isNotEmpty'];

function firstConstraint(constraints: Record<string, string>): string | undefined {
  const key = CONSTRAINT_ORDER.find((name) => constraints[name] !== undefined) ?? Object.keys(constraints)[0];
  return key === undefined ? undefined : constraints[key];
}

/** Unknown fields are named, their names cut by echoedName first (a 1 MB key name must not make a 2 MB answer). */
function unknownField(name: string): { param: string; message: string } {
  return { param: name, message: `Unknown parameter '${name}'.` };
}

function firstMessage(error: ValidationError): { param: string; message: string } {
  const constraints = error.constraints ?? {};
  const property = echoedName(error.property);
  if (constraints.whitelistValidation) return unknownField(property);
  const child = error.children?.[0];
  if (child && Object.keys(constraints).length === 0) {
    const nested = firstMessage(child);
    return { param: `${property}.${nested.param}`, message: nested.message };
  }
  return { param: property, message: firstConstraint(constraints) ?? `Invalid '${property}' parameter.` };
}

/** The 400 for JSON nested deeper than the limit, naming the limit and the top-level field it happened under. */
function tooDeepError(field: string | null, maxDepth: number): ApiError {
  const where = field === null ? '' : ` in '${echoedName(field)}'`;
  return ApiError.invalid(
    `JSON nested too deeply${where}: at most ${maxDepth} levels of objects and arrays are accepted.`,
    field === null ? null : echoedName(field),
  );
}

/** The 400 for a body refused before transformation (body-shape.ts), naming the field as REST does (`a.0.b`). */
function shapeError(problem: ShapeProblem): ApiError {
  const param = problem.path.map(echoedName).join('.');
  if (problem.kind === 'unknown') return ApiError.invalid(unknownField(param).message, param);
  if (problem.kind === 'items') return ApiError.invalid(`'${param}' must contain at most ${problem.max} items.`, param);
  const where = param === '' ? 'the request body' : `'${param}'`;
  return ApiError.invalid(`Too many keys in ${where}: at most ${MAX_OBJECT_KEYS} are accepted in one object (or in one free-form field).`, param === '' ? null : param);
}

/**
 * Validates a JSON body against a DTO class: wrong types are rejected (never coerced), unknown fields are
 * rejected by name, and the first problem becomes a 400 naming its field. Shared by REST and MCP.
 * First, before anything recursive touches it: key counts, array bounds and unknown fields of oversized objects in
 * one linear pass (body-shape.ts); the nesting (MAX_JSON_DEPTH); keys named like Object.prototype members, which
 * class-transformer would silently skip.
 */
export function validateBody<T extends object>(dto: new () => T, body: unknown, maxDepth = DEFAULT_MAX_JSON_DEPTH): T {
  if (!isRecord(body)) {
    if (tooDeeplyNested(body, maxDepth) !== undefined) throw tooDeepError(null, maxDepth);
    throw ApiError.invalid('Request body must be a JSON object.', null);
  }
  // First the one pass that refuses a huge object after counting its keys once, so the walks below see small ones.
  const shape = bodyShapeProblem(dto, body);
  if (shape !== undefined) throw shapeError(shape);
  const deep = tooDeeplyNested(body, maxDepth);
  if (deep !== undefined) throw tooDeepError(deep.field, maxDepth);
  const reserved = reservedKeyPath(body);
  if (reserved !== undefined) throw ApiError.invalid(unknownField(reserved).message, reserved);
  // Valid bodies: built and checked by plans compiled from the DTO; the rest as before, for the exact 400.
  const fast = fastBody(dto, body);
  if (fast !== undefined) return fast;
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    const { param, message } = firstMessage(errors[0]!);
    throw ApiError.invalid(message, param);
  }
  return instance;
}
