import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import { MAX_ITEMS_WHEN_ARRAY } from './max-items.decorator.js';

/** Keys one JSON object of a request may hold; also what one free-form field (logit_bias, stream_options...) holds in all. */
export const MAX_OBJECT_KEYS = 1000;

type Dto = new () => object;

/** Why a body is refused before any transformation; `path` leads to the field (['messages', '3', 'x']). */
export type ShapeProblem =
  | { kind: 'keys'; path: string[] }
  | { kind: 'unknown'; path: string[] }
  | { kind: 'items'; path: string[]; max: number; length: number };

interface DtoShape {
  known: ReadonlySet<string>;
  nested: ReadonlyMap<string, Dto>;
  maxItems: ReadonlyMap<string, number>;
}

const shapes = new WeakMap<Dto, DtoShape>();

/**
 * The DTO class a field's objects must match (@Type), or undefined: then the field is free-form here (its keys are
 * bounded in all; the validator still checks it). A type chosen per value (a discriminator, a function of the
 * value) cannot be known before transformation, so such a field is free-form too.
 */
function nestedType(dto: Dto, name: string): Dto | undefined {
  const metadata = defaultMetadataStorage.findTypeMetadata(dto, name);
  // A type function that takes the value's context (its `options` parameter) may answer per value.
  if (!metadata?.typeFunction || metadata.typeFunction.length > 0 || metadata.options?.discriminator) return undefined;
  try {
    const type = metadata.typeFunction();
    return typeof type === 'function' && type !== Object ? (type as Dto) : undefined;
  } catch {
    return undefined;
  }
}

/** The DTO's fields (those class-validator's whitelist accepts), nested DTO types (@Type) and array bounds (@ArrayMaxSize, @MaxItemsWhenArray). */
function shapeOf(dto: Dto): DtoShape {
  const cached = shapes.get(dto);
  if (cached) return cached;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const known = new Set(metadata.map((entry) => entry.propertyName));
  const nested = new Map<string, Dto>();
  for (const name of known) {
    const type = nestedType(dto, name);
    if (type) nested.set(name, type);
  }
  const maxItems = new Map<string, number>();
  for (const entry of metadata) if (entry.name === 'arrayMaxSize' || entry.name === MAX_ITEMS_WHEN_ARRAY) maxItems.set(entry.propertyName, Number(entry.constraints[0]));
  const shape = { known, nested, maxItems };
  shapes.set(dto, shape);
  return shape;
}

interface Frame {
  node: object;
  /** Where the node sits (its parent's frame and its key there): the path is only built for an error. */
  parent?: Frame;
  key?: string;
  /** The DTO this object must match; undefined inside a free-form field. */
  dto?: Dto;
  /** Keys counted so far in the free-form field this node belongs to, and that field's frame. */
  free?: { keys: number; root: Frame };
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

function pathOf(frame: Frame): string[] {
  const keys: string[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse();
}

/**
 * The first problem that would make validation expensive, found in one linear pass before class-transformer
 * (whose cost grows with the square of an object's key count): an object with more than MAX_OBJECT_KEYS keys, a
 * free-form field (or one item of a free-form list) with more than that in all, an array over its @ArrayMaxSize, or an object with more keys than its
 * DTO has fields (refused at its first unknown field). Smaller objects with unknown fields are left to the
 * validator, which names a bad known field first. Iterative, each container visited once. Without a DTO (a body
 * passed on as sent, like the Anthropic surface's), only the per-object key bound applies.
 */
export function bodyShapeProblem(dto: Dto | undefined, body: object): ShapeProblem | undefined {
  const stack: Frame[] = [{ node: body, dto }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { node, free } = frame;
    if (Array.isArray(node)) {
      const items = node as unknown[];
      // A free-form list (Responses' input items, tools with their JSON Schemas): each item is bounded on its own.
      const list = free?.root === frame;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (!isContainer(item)) continue;
        const next: Frame = { node: item, parent: frame, key: String(i), dto: frame.dto, free };
        if (list) next.free = { keys: 0, root: next };
        stack.push(next);
      }
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > MAX_OBJECT_KEYS) return { kind: 'keys', path: pathOf(frame) };
    if (free) {
      free.keys += keys.length;
      if (free.keys > MAX_OBJECT_KEYS) return { kind: 'keys', path: pathOf(free.root) };
    }
    const shape = frame.dto ? shapeOf(frame.dto) : undefined;
    if (shape && keys.length > shape.known.size) {
      const unknown = keys.find((key) => !shape.known.has(key));
      if (unknown !== undefined) return { kind: 'unknown', path: [...pathOf(frame), unknown] };
    }
    for (const key of keys) {
      const child = (node as Record<string, unknown>)[key];
      if (!isContainer(child)) continue;
      const type = shape?.nested.get(key);
      const next: Frame = { node: child, parent: frame, key, dto: type, free };
      if (shape && !type) next.free = { keys: 0, root: next };
      const max = shape?.maxItems.get(key);
      if (max !== undefined && Array.isArray(child) && child.length > max) return { kind: 'items', path: pathOf(next), max, length: child.length };
      stack.push(next);
    }
  }
  return undefined;
}
