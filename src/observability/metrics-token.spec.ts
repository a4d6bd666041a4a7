import { describe, expect, it } from '@jest/globals';
import { MetricsToken } from './metrics-token.js';

describe('MetricsToken', () => {
  it('without a token, every request may scrape', () => {
    expect(new MetricsToken(undefined).refusal(undefined)).toBeUndefined();
  });

  it('with a token: only that Bearer token; none, another or a prefix of it gets 401 with a challenge', () => {
    const token = new MetricsToken('metrics-token-0123456789');
    expect(token.refusal('Bearer metrics-token-0123456789')).toBeUndefined();
    expect(token.refusal('bearer metrics-token-0123456789')).toBeUndefined();
    for (const header of [undefined, 'Bearer metrics-token', 'Bearer metrics-token-01234567890', 'Basic abc', 'metrics-token-0123456789']) {
      const refusal = token.refusal(header);
      expect(refusal?.status).toBe(401);
      expect(refusal?.headers['WWW-Authenticate']).toMatch(/^Bearer realm=/);
      expect(refusal?.message).not.toContain('metrics-token-0123456789');
    }
  });
});
