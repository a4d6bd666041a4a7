import { describe, expect, it } from '@jest/globals';
import { completionCost } from './cost.js';

describe('completionCost', () => {
  it('prices input and output tokens per million', () => {
    expect(completionCost({ input_cost_per_mtok: 2.5, output_cost_per_mtok: 10 }, { prompt_tokens: 1000, completion_tokens: 500 })).toBeCloseTo(0.0075, 12);
  });

  it('a model without prices costs nothing', () => {
    expect(completionCost({}, { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 })).toBe(0);
  });

  it('rounds to nano-dollars', () => {
    expect(completionCost({ input_cost_per_mtok: 3 }, { prompt_tokens: 1, completion_tokens: 0 })).toBe(0.000003);
    expect(completionCost({ input_cost_per_mtok: 0.0004 }, { prompt_tokens: 1, completion_tokens: 0 })).toBe(0);
  });
});
