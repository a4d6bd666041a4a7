import { describe, expect, it } from '@jest/globals';
import { messageShapeProblem } from './message-shape.js';

function call(args: unknown): unknown {
  return { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'complete', arguments: args } };
}

function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('messageShapeProblem', () => {
  it('lets arguments up to the limit through, even batched (the tool checks them itself)', () => {
    expect(messageShapeProblem([call({ stop: nested(31) })], 32)).toBeUndefined();
  });

  it('refuses a message deeper than the limit plus the JSON-RPC framing', () => {
    expect(messageShapeProblem(call({ stop: nested(33) }), 32)).toMatch(/at most 35 levels .*\(32 within tool arguments\)/);
    expect(messageShapeProblem(nested(100_000), 32)).toMatch(/nested too deeply/);
  });

  it("refuses '__proto__' anywhere, naming where", () => {
    expect(messageShapeProblem(JSON.parse('{"params":{"arguments":{"__proto__":{}}}}'), 32)).toBe(
      "Invalid Request: the key '__proto__' is not accepted (at 'params.arguments.__proto__').",
    );
    expect(messageShapeProblem(call({ toString: 1 }), 32)).toBeUndefined();
  });

  it('refuses a message with too many values before the SDK parses it, at once (a free tools/list with a huge _meta)', () => {
    const meta: Record<string, number> = {};
    for (let i = 0; i < 50_000; i++) meta[`k${i}`] = i;
    const huge = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } };
    const started = performance.now();
    expect(messageShapeProblem(huge, 32)).toBe('Invalid Request: an object holds more than 1000 keys.');
    expect(performance.now() - started).toBeLessThan(250);
    const wide = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { list: Array.from({ length: 500_000 }, () => [1]) } } };
    expect(messageShapeProblem(wide, 32)).toBe('Invalid Request: the message holds more than 10000 JSON values (object keys and array items).');
    expect(messageShapeProblem({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { list: Array(900).fill({ a: 1 }) } } }, 32)).toBeUndefined();
  });
});
