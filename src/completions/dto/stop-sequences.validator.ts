import { registerDecorator, type ValidationOptions } from 'class-validator';

export const MAX_STOP_SEQUENCES = 4;

/** `stop`: one non-empty string, or a list of at most four non-empty strings (the Chat Completions API's limit). */
export function isStopSequences(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  return (
    Array.isArray(value) &&
    value.length <= MAX_STOP_SEQUENCES &&
    value.every((item: unknown) => typeof item === 'string' && item.length > 0)
  );
}

export function IsStopSequences(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStopSequences',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `Invalid 'stop' parameter: must be a non-empty string or an array of at most ${MAX_STOP_SEQUENCES} non-empty strings.`,
        ...options,
      },
      validator: { validate: isStopSequences },
    });
  };
}
