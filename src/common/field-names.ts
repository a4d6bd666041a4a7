/** How much of a client's field name an error message repeats: enough to recognise it, never the whole of a huge one. */
const MAX_ECHOED_NAME = 64;

/** A client-chosen name as an error message may show it: the first MAX_ECHOED_NAME characters, then '…'. */
export function echoedName(name: string): string {
  return name.length > MAX_ECHOED_NAME ? `${name.slice(0, MAX_ECHOED_NAME)}…` : name;
}

/**
 * Names no request field may have: `__proto__`, `prototype`, and every member of Object.prototype (`constructor`,
 * `toString`, `valueOf`, `hasOwnProperty`...). class-transformer skips keys whose instance value is a function, so
 * the whitelist never saw them and they were accepted; and merging such a key anywhere risks prototype pollution.
 */
const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** The one key a later parse turns into a prototype (`obj['__proto__'] = v`) rather than a field. */
export const PROTO_KEY: ReadonlySet<string> = new Set(['__proto__']);

interface Frame {
  node: object;
  /** Where the node sits, as its parent's frame and its key there; the path string is only built for an error. */
  parent?: Frame;
  key?: string;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function pathOf(frame: Frame, key: string): string {
  const keys = [echoedName(key)];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(echoedName(at.key));
  return keys.reverse().join('.');
}

/**
 * The path ('constructor', 'a.0.toString') of the first reserved key anywhere in a JSON value, or undefined.
 * Iterative; callers bound the depth first (tooDeeplyNested), so paths stay short.
 */
export function reservedKeyPath(value: unknown, reserved: ReadonlySet<string> = RESERVED): string | undefined {
  if (!isContainer(value)) return undefined;
  const stack: Frame[] = [{ node: value }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { node } = frame;
    if (Array.isArray(node)) {
      const items = node as unknown[];
      for (let i = 0; i < items.length; i++) {
        const child = items[i];
        if (isContainer(child)) stack.push({ node: child, parent: frame, key: String(i) });
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (reserved.has(key)) return pathOf(frame, key);
      const child = record[key];
      if (isContainer(child)) stack.push({ node: child, parent: frame, key });
    }
  }
  return undefined;
}

