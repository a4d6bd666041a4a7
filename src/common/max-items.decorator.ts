import { registerDecorator } from 'class-validator';

/** The constraint name body-shape.ts reads, with @ArrayMaxSize's, as an array bound to check before transformation. */
export const MAX_ITEMS_WHEN_ARRAY = 'maxItemsWhenArray';

/**
 * At most `max` items when the value is an array; any other value passes (a field that is a string or a list, like
 * Responses' `input`). Refused before class-transformer by body-shape.ts, like @ArrayMaxSize.
 */
export function MaxItemsWhenArray(max: number): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: MAX_ITEMS_WHEN_ARRAY,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: { message: `must contain at most ${max} items.` },
      validator: { validate: (value: unknown) => !Array.isArray(value) || value.length <= max },
    });
  };
}
