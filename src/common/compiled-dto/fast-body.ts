import { compileDto, type DtoClass, type DtoPlan, type PropertyPlan } from './dto-plan.js';

/** Plans by class, compiled on first use (every class a @Type can name included); undefined: validate slowly. */
const plans = new Map<DtoClass, DtoPlan | undefined>();

function planOf(dto: DtoClass): DtoPlan | undefined {
  if (!plans.has(dto)) plans.set(dto, compileDto(dto));
  return plans.get(dto);
}

/** Thrown inside a build when the body leaves what the plan reproduces exactly; the slow path then decides. */
const SLOW = Symbol('slow path');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * A JSON value copied as class-transformer copies it under a property without @Type: arrays and objects anew,
 * primitives as they are. A key named like an Object.prototype member (which class-transformer skips) is left to
 * the slow path.
 */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value)) throw SLOW;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key in Object.prototype) throw SLOW;
    copy[key] = copyJson(value[key]);
  }
  return copy;
}

/** A value under a @Type property: objects become instances of the class the type function names. */
function convert(value: unknown, property: PropertyPlan, owner: object, source: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, property, owner, source));
  if (value === null || typeof value !== 'object') return value;
  const type = property.type!({ newObject: owner, object: source, property: property.name });
  if (typeof type !== 'function') throw SLOW;
  const plan = planOf(type as DtoClass);
  if (plan === undefined || !isPlainObject(value)) throw SLOW;
  return build(plan, value);
}

/** The instance plainToInstance(dto, body, { enableImplicitConversion: false }) makes, for a body of known keys. */
function build(plan: DtoPlan, body: Record<string, unknown>): object {
  const instance = new plan.dto() as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    const property = plan.byName.get(key);
    if (property === undefined) throw SLOW;
    instance[key] = property.type === undefined ? copyJson(body[key]) : convert(body[key], property, instance, body);
  }
  return instance;
}

/** class-validator's verdict on a built instance, without its error objects: true only when it would find none. */
function valid(instance: object): boolean {
  const plan = planOf(instance.constructor as DtoClass);
  if (plan === undefined) return false;
  for (const key of Object.keys(instance)) if (!plan.byName.has(key)) return false;
  const object = instance as Record<string, unknown>;
  // Plain loops, no callbacks: this runs for every property of every request body, and a closure per property
  // was most of what a valid body allocated here.
  for (const property of plan.properties) {
    const value = object[property.name];
    // Most of a DTO's properties are optional and absent from a given body: @IsOptional's own condition, inline.
    if (property.optional && (value === undefined || value === null)) continue;
    if (!conditionsHold(property, instance, value)) continue;
    for (const check of property.checks) {
      if (check.validateIf !== undefined && !check.validateIf(instance, value)) continue;
      check.args.object = instance;
      check.args.value = value;
      if (check.each && Array.isArray(value)) {
        for (const item of value) if (check.validate(item, check.args) !== true) return false;
      } else if (check.validate(value, check.args) !== true) {
        return false;
      }
    }
    if (property.nested && value !== undefined && !validNested(value)) return false;
  }
  return true;
}

/** The property's @ValidateIf conditions: false when one says its checks do not apply. */
function conditionsHold(property: PropertyPlan, instance: object, value: unknown): boolean {
  for (const condition of property.conditions) if (!condition(instance, value)) return false;
  return true;
}

/** @ValidateNested: an array's elements (arrays in arrays too), or the object itself, each valid by its own class. */
function validNested(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => item === undefined || validNested(item));
  return typeof value === 'object' && value !== null && valid(value);
}

/**
 * The DTO instance for a body that passes validation, built and checked by plans compiled once from the DTO's
 * own decorators; undefined when the body fails (or leaves what the plans reproduce exactly): the caller then runs
 * class-transformer and class-validator as before, which word the 400. A body accepted here is one they accept,
 * turned into the same instance (src/common/compiled-dto/fast-body.spec.ts checks both on generated bodies).
 */
export function fastBody<T extends object>(dto: new () => T, body: Record<string, unknown>): T | undefined {
  const plan = planOf(dto);
  if (plan === undefined) return undefined;
  try {
    const instance = build(plan, body);
    return valid(instance) ? (instance as T) : undefined;
  } catch (error) {
    if (error === SLOW) return undefined;
    throw error;
  }
}
