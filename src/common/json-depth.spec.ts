import { describe, expect, it } from '@jest/globals';
import { tooDeeplyNested } from './json-depth.js';
import { reservedKeyPath } from './field-names.js';

describe('tooDeeplyNested', () => {
  it.each([
    ['a scalar', 'x', 1, undefined],
    ['{} at limit 1', {}, 1, undefined],
    ['{"a":[]} at limit 1', { a: [] }, 1, { field: 'a' }],
    ['{"a":[]} at limit 2', { a: [] }, 2, undefined],
    ['[[1]] at limit 1', [[1]], 1, { field: null }],
    ['a wide but shallow body', { a: Array.from({ length: 10_000 }, () => ({ b: 1 })) }, 3, undefined],
    ['the deep one among many shallow fields', { a: 1, b: [1], c: { d: { e: [] } } }, 3, { field: 'c' }],
  ])('%s', (_what, value, limit, expected) => {
    expect(tooDeeplyNested(value, limit)).toEqual(expected);
  });

  it('walks 1,000,000 levels without recursion', () => {
    let value: unknown = {};
    for (let i = 0; i < 1_000_000; i++) value = { k: value };
    expect(tooDeeplyNested({ top: value }, 32)).toEqual({ field: 'top' });
  });
});

describe('reservedKeyPath', () => {
  it.each([
    [{ a: 1 }, undefined],
    [['constructor'], undefined],
    [{ a: { b: [{ valueOf: 1 }] } }, 'a.b.0.valueOf'],
    [JSON.parse('{"x":{"__proto__":{}}}'), 'x.__proto__'],
    [{ [`${'n'.repeat(100)}`]: { toString: 1 } }, `${'n'.repeat(64)}….toString`],
  ])('%j → %p', (value, expected) => {
    expect(reservedKeyPath(value)).toBe(expected);
  });
});
