import { describe, expect, it } from '@jest/globals';
import { LOG_PATH_MAX, loggedPath } from './log-path.js';

describe('loggedPath', () => {
  it('drops the query string', () => {
    expect(loggedPath('/v1/models?key=secret&x=1')).toBe('/v1/models');
    expect(loggedPath('/v1/models')).toBe('/v1/models');
  });

  it(`cuts long paths to ${LOG_PATH_MAX} characters and marks the cut`, () => {
    const logged = loggedPath(`/${'a'.repeat(10_000)}?q=1`);
    expect(logged).toBe(`/${'a'.repeat(LOG_PATH_MAX - 1)}…`);
    expect(loggedPath(`/${'b'.repeat(LOG_PATH_MAX - 1)}`)).toHaveLength(LOG_PATH_MAX);
  });
});
