import { describe, expect, it } from '@jest/globals';
import { randomHex128 } from './random-hex.js';

describe('randomHex128', () => {
  it('mints 32 lower-case hex digits, never the same twice, across pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => randomHex128());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every hex digit in every position (the bits are random, not a counter)', () => {
    const ids = Array.from({ length: 4_000 }, () => randomHex128());
    for (let position = 0; position < 32; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(16);
    }
  });
});
