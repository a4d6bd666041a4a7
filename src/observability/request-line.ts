import { pino, type Logger } from 'pino';

/**
 * The request log line written as text, the way pino would write it (`{"level":30,"time":…,<bindings>,…,"msg":
 * "request"}`), without pino's per-call work: no field object to build, walk and redact (the line holds only
 * fields chosen here, never headers or bodies), and the parts that repeat (method and route, model and provider
 * ids: bounded sets) serialised once. Client-given strings (path, address) are escaped by JSON.stringify.
 */
export class RequestLine {
  private text: string;

  private constructor(head: string) {
    this.text = head;
  }

  /**
   * A line for the root logger's destination, bound to the request id as Fastify's request.log would be, or
   * undefined when info is off. Written through the root logger, request.log is never built (lazy-child-logger.ts).
   */
  static start(log: Logger, requestId: string, method: string, route: string | undefined): RequestLine | undefined {
    if (!log.isLevelEnabled('info')) return undefined;
    // chindings: the root logger's own bindings, pre-serialised by pino (none with base: undefined).
    const bindings = (log as unknown as Record<symbol, string>)[pino.symbols.chindingsSym] ?? '';
    return new RequestLine(`{"level":30,"time":${Date.now()}${bindings},"request_id":${JSON.stringify(requestId)},${routePart(method, route)}`);
  }

  /** Appends `"name":value` for a number; nothing for undefined. */
  measure(name: string, value: number | undefined): this {
    if (value !== undefined) this.text += `,"${name}":${Number.isFinite(value) ? value : null}`;
    return this;
  }

  /** Appends `"name":"value"` for a string from a bounded set (ids, kinds), serialised once per value. */
  known(name: string, value: string | undefined): this {
    if (value !== undefined) this.text += `,"${name}":${serialisedOnce(value)}`;
    return this;
  }

  /** Appends `"name":"value"` for any string (a client's path or address). */
  quoted(name: string, value: string | undefined): this {
    if (value !== undefined) this.text += `,"${name}":${JSON.stringify(value)}`;
    return this;
  }

  /** Writes the line to the logger's destination. */
  write(log: Logger): void {
    const stream = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
    stream?.write(`${this.text},"msg":"request"}\n`);
  }
}

/** Bounded: route patterns × methods, configured ids. Anything past the bound is serialised per call instead. */
const CACHE_LIMIT = 1000;
const routeParts = new Map<string, string>();
const quotedValues = new Map<string, string>();

function routePart(method: string, route: string | undefined): string {
  const key = `${method} ${route ?? ''}`;
  let part = routeParts.get(key);
  if (part === undefined) {
    part = `"method":${JSON.stringify(method)}${route === undefined ? '' : `,"route":${JSON.stringify(route)}`}`;
    if (routeParts.size < CACHE_LIMIT) routeParts.set(key, part);
  }
  return part;
}

function serialisedOnce(value: string): string {
  let text = quotedValues.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (quotedValues.size < CACHE_LIMIT) quotedValues.set(value, text);
  }
  return text;
}
