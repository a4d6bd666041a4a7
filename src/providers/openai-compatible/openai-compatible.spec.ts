import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../common/api-error.js';
import type { ModelEntry } from '../../config/model-entry.js';
import { applyParameterRules } from '../parameter-rules.js';
import type { CompletionRequest } from '../provider-definition.js';
import { OPENAI_COMPATIBLE } from './openai-compatible.provider.js';

const LOCAL: ModelEntry = {
  id: 'local',
  description: 'local',
  provider: 'openai-compatible',
  upstream_model: 'llama3',
  max_output_tokens: 4096,
  default_max_tokens: 1024,
  base_url: 'http://127.0.0.1:11434/v1/',
  api_key_env: 'LOCAL_KEY',
};

function toRequest(model: ModelEntry, request: CompletionRequest, env: Record<string, string> = {}) {
  const params = applyParameterRules(OPENAI_COMPATIBLE.parameters, model, request);
  return OPENAI_COMPATIBLE.buildRequest(model, request, params, { settings: {}, env });
}

describe('openai-compatible rules', () => {
  it('sends max_tokens, not max_completion_tokens', () => {
    const { body } = toRequest(LOCAL, { messages: [{ role: 'user', content: 'p' }], max_tokens: 7, stop: ['x'] });
    expect(body).toEqual({ model: 'llama3', messages: [{ role: 'user', content: 'p' }], max_tokens: 7, stop: ['x'] });
  });

  it('caps temperature at 1 by default', () => {
    expect(toRequest(LOCAL, { messages: [{ role: 'user', content: 'p' }], temperature: 1 }).body).toMatchObject({ temperature: 1 });
    expect(() => toRequest(LOCAL, { messages: [{ role: 'user', content: 'p' }], temperature: 1.2 })).toThrow(ApiError);
    expect(() => toRequest(LOCAL, { messages: [{ role: 'user', content: 'p' }], temperature: 1.2 })).toThrow("must be between 0 and 1 for model 'local'");
  });

  it("caps temperature at the entry's max_temperature", () => {
    const generous = { ...LOCAL, max_temperature: 1.5 };
    expect(toRequest(generous, { messages: [{ role: 'user', content: 'p' }], temperature: 1.5 }).body).toMatchObject({ temperature: 1.5 });
    expect(() => toRequest(generous, { messages: [{ role: 'user', content: 'p' }], temperature: 1.6 })).toThrow("must be between 0 and 1.5 for model 'local'");
  });

  it("posts to the entry's base URL with the key of its api_key_env", () => {
    const request = toRequest(LOCAL, { messages: [{ role: 'user', content: 'p' }] }, { LOCAL_KEY: 'secret' });
    expect(request.url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(request.headers).toEqual({ authorization: 'Bearer secret' });
    expect(toRequest({ ...LOCAL, api_key_env: undefined }, { messages: [{ role: 'user', content: 'p' }] }).headers).toEqual({});
  });

  it('needs a credential only when the entry names a key variable', () => {
    expect(OPENAI_COMPATIBLE.credential(LOCAL, { settings: {}, env: {} })).toEqual({ env: 'LOCAL_KEY', value: undefined });
    expect(OPENAI_COMPATIBLE.credential({ ...LOCAL, api_key_env: undefined }, { settings: {}, env: {} })).toBeUndefined();
  });
});
