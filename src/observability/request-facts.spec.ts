import { describe, expect, it } from '@jest/globals';
import { RequestFacts } from './request-facts.js';

describe('RequestFacts', () => {
  it('keeps the first model and error, sums attempts, upstream time and tokens (an MCP batch shares one)', () => {
    const facts = new RequestFacts();
    facts.requested('gpt-4o', 'openai', 'one');
    facts.attemptEnded(10);
    facts.attemptEnded(5);
    facts.served('gpt-4o', 3, 4);
    facts.requested('claude', 'anthropic', 'two');
    facts.attemptEnded(7);
    facts.served('claude', 1, undefined);
    facts.failed('upstream_error');
    facts.failed('rate_limit_error');
    expect(facts).toMatchObject({
      model: 'gpt-4o', provider: 'openai', servedBy: 'gpt-4o', prompt: 'one', attempts: 3, upstreamMs: 22,
      promptTokens: 4, completionTokens: 4, errorType: 'upstream_error',
    });
  });

  it('time to first token: the first call counts, later ones do not move it', async () => {
    const facts = new RequestFacts();
    expect(facts.firstTokenMs).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    facts.firstToken();
    const first = facts.firstTokenMs!;
    expect(first).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 5));
    facts.firstToken();
    expect(facts.firstTokenMs).toBe(first);
  });
});
