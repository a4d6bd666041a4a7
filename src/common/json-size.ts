import { MAX_OBJECT_KEYS } from './body-shape.js';

/** JSON values (object keys and array items) one MCP message, batch included, may hold in all. */
export const MAX_MESSAGE_VALUES = 10 * MAX_OBJECT_KEYS;

/**
 * Whether a parsed JSON value holds an object with more than MAX_OBJECT_KEYS keys ('object'), or more than
 * `maxValues` keys and array items in all ('total'); undefined when it is within both. Iterative, and it stops
 * as soon as the total is passed, so it costs at most one look at each value it counted.
 */
export function jsonSizeProblem(value: unknown, maxValues = MAX_MESSAGE_VALUES): 'object' | 'total' | undefined {
  const stack: unknown[] = [value];
  let total = 0;
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    const children = Array.isArray(node) ? (node as unknown[]) : Object.values(node as Record<string, unknown>);
    if (!Array.isArray(node) && children.length > MAX_OBJECT_KEYS) return 'object';
    total += children.length;
    if (total > maxValues) return 'total';
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return undefined;
}
