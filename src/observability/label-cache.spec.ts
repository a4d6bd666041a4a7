import { describe, expect, it } from '@jest/globals';
import { LabelCache } from './label-cache.js';

describe('LabelCache', () => {
  it('creates a child once per combination of values, whatever the arity, and numbers label as text', () => {
    const created: string[][] = [];
    const cache = new LabelCache((values) => {
      created.push(values);
      return { values };
    });
    const first = cache.get('/v1/complete', 'POST', 'gpt-4o', 200);
    expect(cache.get('/v1/complete', 'POST', 'gpt-4o', 200)).toBe(first);
    expect(cache.get('/v1/complete', 'POST', 'gpt-4o', 502)).not.toBe(first);
    expect(cache.get('/v1/models', 'GET', 'none', 200)).not.toBe(first);
    expect(created).toEqual([
      ['/v1/complete', 'POST', 'gpt-4o', '200'],
      ['/v1/complete', 'POST', 'gpt-4o', '502'],
      ['/v1/models', 'GET', 'none', '200'],
    ]);
    const single = new LabelCache((values) => values.join());
    expect(single.get('gpt-4o')).toBe('gpt-4o');
    expect(single.get('claude')).toBe('claude');
  });
});
