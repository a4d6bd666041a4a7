import { describe, expect, it } from '@jest/globals';
import type { ModelEntry } from '../config/model-entry.js';
import { applyParameterRules, type ParameterRules } from './parameter-rules.js';

const MODEL: ModelEntry = { id: 'm', description: 'm', provider: 'p', upstream_model: 'u', max_output_tokens: 100, default_max_tokens: 10, max_temperature: 0.8 };

const P = [{ role: 'user' as const, content: 'p' }];

const RULES: ParameterRules = {
  accepts: {
    max_tokens: { wire: 'max_new_tokens', fallback: (model) => model.default_max_tokens },
    temperature: { wire: 'temp', max: (model) => model.max_temperature ?? 1, upstreamDefault: 1 },
    top_p: { wire: 'top_p', max: 1, upstreamDefault: 1 },
  },
  exclusive: [['temperature', 'top_p']],
};

/** What `run` threw (the refusal under test), or undefined. */
const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('applyParameterRules', () => {
  it('renames to the wire and fills in a fallback', () => {
    expect(applyParameterRules(RULES, MODEL, { messages: P, temperature: 0.5 })).toEqual({ max_new_tokens: 10, temp: 0.5 });
    expect(applyParameterRules(RULES, MODEL, { messages: P, max_tokens: 7 })).toEqual({ max_new_tokens: 7 });
  });

  it("refuses max_tokens above the model's limit", () => {
    expect(refusal(() => applyParameterRules(RULES, MODEL, { messages: P, max_tokens: 101 }))).toMatchObject({
      status: 400,
      param: 'max_tokens',
      message: "Invalid 'max_tokens' parameter: model 'm' allows at most 100.",
    });
  });

  it('refuses a value above the per-model bound', () => {
    expect(refusal(() => applyParameterRules(RULES, MODEL, { messages: P, temperature: 0.9 }))).toMatchObject({
      param: 'temperature',
      message: "Invalid 'temperature' parameter: must be between 0 and 0.8 for model 'm'.",
    });
  });

  it('refuses a parameter the provider does not accept, but not an empty stop list', () => {
    expect(refusal(() => applyParameterRules(RULES, MODEL, { messages: P, stop: ['x'] }))).toMatchObject({ param: 'stop' });
    expect(applyParameterRules(RULES, MODEL, { messages: P, stop: [] })).toEqual({ max_new_tokens: 10 });
  });

  it('refuses an exclusive pair, after dropping upstream defaults', () => {
    expect(refusal(() => applyParameterRules(RULES, MODEL, { messages: P, temperature: 0.5, top_p: 0.5 }))).toMatchObject({
      param: 'top_p',
      message: "Model 'm' accepts 'temperature' or 'top_p', not both: send only one of them.",
    });
    expect(applyParameterRules(RULES, { ...MODEL, max_temperature: 1 }, { messages: P, temperature: 1, top_p: 0.5 })).toEqual({ max_new_tokens: 10, top_p: 0.5 });
  });

  it('nests a dotted wire name one level, e.g. a user id under metadata', () => {
    const rules: ParameterRules = { accepts: { user: { wire: 'metadata.user_id' }, n: { wire: 'n', upstreamDefault: 1 } } };
    expect(applyParameterRules(rules, MODEL, { messages: P, user: 'u-1', n: 1 })).toEqual({ metadata: { user_id: 'u-1' } });
    expect(applyParameterRules(rules, MODEL, { messages: P, n: 3 })).toEqual({ n: 3 });
  });
});
