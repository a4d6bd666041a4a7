import { describe, expect, it } from '@jest/globals';
import { modelListFromDocument } from './model-list-file.js';

describe('the model list: mode', () => {
  it('takes embedding models of providers with embeddings, chat by default', () => {
    const models = modelListFromDocument({
      models: [
        { id: 'small', provider: 'openai', upstream_model: 'text-embedding-3-small', mode: 'embedding', input_cost_per_mtok: 0.02 },
        { id: 'local', provider: 'openai-compatible', base_url: 'http://h/v1', upstream_model: 'bge', mode: 'embedding' },
        { id: 'mini', provider: 'openai', upstream_model: 'gpt-4o-mini', mode: 'chat' },
      ],
    }, 'f');
    expect(models.map((m) => [m.id, m.mode])).toEqual([['gpt-4o', undefined], ['claude', undefined], ['small', 'embedding'], ['local', 'embedding'], ['mini', 'chat']]);
  });

  it.each([
    [{ id: 'e', provider: 'anthropic', upstream_model: 'x', mode: 'embedding' }, /models\[0\]\.mode embedding applies only to provider openai, openai-compatible/],
    [{ id: 'e', provider: 'openai', upstream_model: 'x', mode: 'vector' }, /models\[0\]\.mode must be chat or embedding/],
  ])('refuses %j', (entry, message) => {
    expect(() => modelListFromDocument({ models: [entry] }, 'f')).toThrow(message);
  });
});
