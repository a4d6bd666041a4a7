import { registerDecorator } from 'class-validator';

function rule(name: string, message: string, validate: (value: unknown) => boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({ name, target: target.constructor, propertyName: String(propertyName), options: { message }, validator: { validate } });
  };
}

/** `input`: a non-empty string or a non-empty array (each item is checked by the mapping, which names its field). */
export function IsResponseInput(): PropertyDecorator {
  return rule('isResponseInput', 'must be a non-empty string or a non-empty array of input items.', (value) => {
    return (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0);
  });
}

/** `tool_choice`: a string or an object (its fields are checked by the mapping). */
export function IsToolChoice(): PropertyDecorator {
  return rule('isToolChoice', "must be 'auto', 'none', 'required' or an object.", (value) => {
    return typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value));
  });
}
