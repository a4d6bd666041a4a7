import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Whether a JSON value holds a U+0000 anywhere (a string, an object key): PostgreSQL's text and jsonb refuse it. */
function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  for (let node = stack.pop(); node !== undefined || stack.length > 0; node = stack.pop()) {
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return true;
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** Refuses a U+0000 character anywhere in the value (400 naming the field, instead of the database's refusal). */
export function WithoutNul(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'withoutNul', validator: { validate: (value) => !holdsNul(value), defaultMessage: () => 'must not contain the character U+0000.' } }, options);
}

/** The instants PostgreSQL's timestamptz and every client can hold: years 1 to 9999. */
export function instantInRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** An ISO 8601 instant from year 1 to 9999 (a valid JavaScript date may be far outside what the database stores). */
export function InstantInRange(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'instantInRange', validator: { validate: (value) => typeof value !== 'string' || instantInRange(new Date(value)), defaultMessage: () => 'must be a date from year 1 to 9999.' } },
    options,
  );
}
