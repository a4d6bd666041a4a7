import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, IS_OPTIONAL, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/** A DTO class: what class-transformer instantiates with `new` and class-validator reads metadata from. */
export type DtoClass = new () => object;

/** One constraint of a property, resolved once: its validator instance and a reusable arguments object. */
export interface Check {
  validate(value: unknown, args: ValidationArguments): unknown;
  args: ValidationArguments;
  each: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
}

/** What class-validator does with one property, read from its metadata once instead of on every request. */
export interface PropertyPlan {
  name: string;
  /** @IsOptional / @ValidateIf conditions: when one is false, nothing else of the property runs. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** @IsOptional: absent (undefined or null), the property has nothing to check, whatever its other conditions. */
  optional: boolean;
  checks: Check[];
  /** @ValidateNested: the value (or each element) must be an instance of a class with its own plan. */
  nested: boolean;
  /** class-transformer's @Type for the property, called as class-transformer calls it; undefined: copied as JSON. */
  type?: (options: { newObject: object; object: Record<string, unknown>; property: string }) => unknown;
}

export interface DtoPlan {
  dto: DtoClass;
  properties: PropertyPlan[];
  /** The properties by name: the ones the whitelist allows (every one with metadata); a body with any other key takes the slow path. */
  byName: ReadonlyMap<string, PropertyPlan>;
}

/** Why a class cannot be compiled: it uses something this plan does not reproduce; it is then always validated slowly. */
class Unsupported extends Error {}

const SUPPORTED_TYPES: ReadonlySet<string> = new Set([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.WHITELIST,
  ValidationTypes.IS_DEFINED,
]);

function checksOf(dto: DtoClass, metadata: ValidationMetadata): Check[] {
  const storage = getMetadataStorage();
  return storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => {
    if (constraint.async) throw new Unsupported(`${dto.name}.${metadata.propertyName}: asynchronous validator`);
    const instance = constraint.instance as { validate(value: unknown, args: ValidationArguments): unknown };
    const args: ValidationArguments = { targetName: dto.name, property: metadata.propertyName, object: {}, value: undefined, constraints: metadata.constraints };
    return { validate: instance.validate.bind(instance), args, each: metadata.each === true, validateIf: metadata.validateIf };
  });
}

function propertyPlan(dto: DtoClass, name: string, metadatas: ValidationMetadata[]): PropertyPlan {
  const plan: PropertyPlan = { name, conditions: [], optional: false, checks: [], nested: false };
  for (const metadata of metadatas) {
    if (!SUPPORTED_TYPES.has(metadata.type)) throw new Unsupported(`${dto.name}.${name}: ${metadata.type}`);
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      plan.conditions.push(metadata.constraints[0] as PropertyPlan['conditions'][number]);
      if (metadata.name === IS_OPTIONAL) plan.optional = true;
    }
    else if (metadata.type === ValidationTypes.NESTED_VALIDATION) plan.nested = true;
    else if (metadata.type !== ValidationTypes.WHITELIST) plan.checks.push(...checksOf(dto, metadata));
  }
  const type = defaultMetadataStorage.findTypeMetadata(dto, name);
  if (type !== undefined) {
    if (type.options?.discriminator !== undefined) throw new Unsupported(`${dto.name}.${name}: @Type discriminator`);
    if (type.reflectedType === Map || type.reflectedType === Set) throw new Unsupported(`${dto.name}.${name}: Map or Set`);
    plan.type = type.typeFunction as PropertyPlan['type'];
  }
  return plan;
}

/**
 * The plan for a DTO class, read from the same metadata class-validator and class-transformer read per request
 * (docs/decisions/0004-compiled-validators.md), or undefined when the class uses a feature the plan does not
 * reproduce (groups, async validators, @Expose/@Exclude/@Transform, discriminators, accessors): such a class is
 * always validated the slow way.
 */
export function compileDto(dto: DtoClass): DtoPlan | undefined {
  try {
    const storage = getMetadataStorage();
    const metadatas = storage.getTargetValidationMetadatas(dto, '', false, false, undefined);
    if (metadatas.length === 0) return undefined;
    if (metadatas.some((m) => (m.groups?.length ?? 0) > 0 || m.always !== undefined)) throw new Unsupported(`${dto.name}: groups`);
    if (defaultMetadataStorage.getExposedMetadatas(dto).length > 0 || defaultMetadataStorage.getExcludedMetadatas(dto).length > 0) {
      throw new Unsupported(`${dto.name}: @Expose/@Exclude`);
    }
    const grouped = storage.groupByPropertyName(metadatas);
    const names = Object.keys(grouped);
    for (const name of names) {
      if (defaultMetadataStorage.findTransformMetadatas(dto, name, 1).length > 0) throw new Unsupported(`${dto.name}.${name}: @Transform`);
      if (hasAccessor(dto, name)) throw new Unsupported(`${dto.name}.${name}: accessor or method`);
    }
    // A field declared without any decorator is an own property of every instance: the whitelist refuses it always.
    if (Object.keys(new dto()).some((key) => grouped[key] === undefined)) throw new Unsupported(`${dto.name}: undecorated field`);
    const properties = names.map((name) => propertyPlan(dto, name, grouped[name]!));
    return { dto, properties, byName: new Map(properties.map((property) => [property.name, property])) };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** class-transformer skips a key that is an accessor or method on the prototype chain; the plan does not model it. */
function hasAccessor(dto: DtoClass, name: string): boolean {
  for (let proto: object | null = dto.prototype as object; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    if (Object.getOwnPropertyDescriptor(proto, name) !== undefined) return true;
  }
  return false;
}
