import { registerDecorator } from 'class-validator';

function rule(name: string, message: string, validate: (value: unknown) => boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({ name, target: target.constructor, propertyName: String(propertyName), options: { message }, validator: { validate } });
  };
}

/**
 * A field OpenAI defines that the gateway cannot honour yet: accepted only when absent, null or equal to one of
 * `harmless` (the values clients send by default, e.g. `logprobs: false`, a penalty of 0); refused with `reason`.
 */
export function SupportedOnlyAs(harmless: readonly unknown[], reason: string): PropertyDecorator {
  return rule('isSupportedValue', reason, (value) => value === null || value === undefined || harmless.includes(value));
}

/**
 * A free-form object field the gateway cannot honour (`logit_bias`): accepted when absent, null or empty (`{}`, no
 * entries: nothing to honour, and what some clients send by default); refused with `reason` when it holds anything.
 */
export function SupportedOnlyEmpty(reason: string): PropertyDecorator {
  return rule('isSupportedValue', reason, (value) => {
    if (value === null || value === undefined) return true;
    return typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
  });
}

/** A message's `content`: a string, or a non-empty array of content parts (each checked by its own DTO). */
export function IsMessageContent(): PropertyDecorator {
  return rule('isMessageContent', 'must be a string or a non-empty array of content parts.', (value) => {
    return typeof value === 'string' || (Array.isArray(value) && value.length > 0);
  });
}

/** A value that must be a JSON object (its fields are not read). */
export function IsPlainObject(): PropertyDecorator {
  return rule('isPlainObject', 'must be an object.', (value) => typeof value === 'object' && value !== null && !Array.isArray(value));
}

/** A legacy `prompt`: one non-empty string, possibly as an array of one (token arrays and batches refused). */
export function IsSinglePrompt(): PropertyDecorator {
  return rule('isSinglePrompt', 'must be a non-empty string or an array of one such string (token arrays and several prompts are not supported).', (value) => {
    const single: unknown = Array.isArray(value) && value.length === 1 ? value[0] : value;
    return typeof single === 'string' && single.length > 0;
  });
}

/** `tool_choice`: `none`, `auto`, `required`, or `{type: 'function', function: {name}}`. */
export function IsToolChoice(): PropertyDecorator {
  return rule('isToolChoice', "must be none, auto, required, or {\"type\": \"function\", \"function\": {\"name\": \"...\"}}.", (value) => {
    if (value === 'none' || value === 'auto' || value === 'required') return true;
    if (typeof value !== 'object' || value === null) return false;
    const choice = value as { type?: unknown; function?: { name?: unknown } | null };
    return choice.type === 'function' && typeof choice.function === 'object' && choice.function !== null && typeof choice.function.name === 'string';
  });
}
