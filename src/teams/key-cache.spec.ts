import { describe, expect, it } from '@jest/globals';
import { KeyCache } from './key-cache.js';
import type { ManagedKey } from './managed-key.js';

const key = (id: string, teamId: string | null = null): ManagedKey => ({ id, name: id, teamId, models: null, budgets: [], expiresAt: null });

describe('KeyCache', () => {
  it('serves an entry while fresh, and keeps it as stale afterwards', () => {
    let now = 1000;
    const cache = new KeyCache(500, 10, () => now);
    cache.set('aa', key('key_a'));
    expect(cache.fresh('aa')?.id).toBe('key_a');
    now += 499;
    expect(cache.fresh('aa')?.id).toBe('key_a');
    now += 1;
    expect(cache.fresh('aa')).toBeUndefined();
    expect(cache.stale('aa')?.id).toBe('key_a');
  });

  it('invalidates every digest of a key, or every key of a team', () => {
    const cache = new KeyCache(10_000);
    cache.set('d1', key('key_a', 'team_x'));
    cache.set('d2', key('key_a', 'team_x')); // the previous digest during a rotation grace
    cache.set('d3', key('key_b', 'team_x'));
    cache.set('d4', key('key_c'));
    expect(cache.invalidate({ keyId: 'key_a' })).toBe(2);
    expect(cache.stale('d1')).toBeUndefined();
    expect(cache.invalidate({ teamId: 'team_x' })).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('is bounded: the oldest entry goes first', () => {
    const cache = new KeyCache(10_000, 2);
    cache.set('d1', key('k1'));
    cache.set('d2', key('k2'));
    cache.set('d1', key('k1')); // refreshed: now the newest
    cache.set('d3', key('k3'));
    expect([cache.stale('d1')?.id, cache.stale('d2')?.id, cache.stale('d3')?.id]).toEqual(['k1', undefined, 'k3']);
  });
});
