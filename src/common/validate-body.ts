import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ApiError } from './api-error.js';
import { isRecord } from './json.js';

/** Type problems are reported before range problems: "must be an integer" says more about "50" than "at least 1". */
const CONSTRAINT_ORDER = ['whitelistValidation', 'isString', 'isInt', 'isNumber', 'isNotEmpty'];

function firstConstraint(constraints: Record<string, string>): string | undefined {
  const key = CONSTRAINT_ORDER.find((name) => constraints[name] !== undefined) ?? Object.keys(constraints)[0];
  return key === undefined ? undefined : constraints[key];
}

function firstMessage(error: ValidationError): { param: string; message: string } {
  const constraints = error.constraints ?? {};
  if (constraints.whitelistValidation) {
    return { param: error.property, message: `Unknown parameter '${error.property}'.` };
  }
  const child = error.children?.[0];
  if (child && Object.keys(constraints).length === 0) {
    const nested = firstMessage(child);
    return { param: `${error.property}.${nested.param}`, message: nested.message };
  }
  return { param: error.property, message: firstConstraint(constraints) ?? `Invalid '${error.property}' parameter.` };
}

/**
 * Validates a JSON body against a DTO class: wrong types are rejected (never coerced), unknown fields are
 * rejected by name, and the first problem becomes a 400 naming its field. Shared by REST and MCP.
 */
export function validateBody<T extends object>(dto: new () => T, body: unknown): T {
  if (!isRecord(body)) throw ApiError.invalid('Request body must be a JSON object.', null);
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
