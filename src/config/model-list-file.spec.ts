import { describe, expect, it } from '@jest/globals';
import { PROVIDERS } from '../providers/registry.js';
import { modelListFromDocument } from './model-list-file.js';

describe('modelListFromDocument', () => {
  it('overrides a built-in field by field and appends new ids', () => {
    const models = modelListFromDocument(
      { models: [{ id: 'claude', max_output_tokens: 1000, default_max_tokens: 500 }, { id: 'mini', provider: 'openai', upstream_model: 'gpt-4o-mini' }] },
      'f.yaml',
    );
    expect(models.map((m) => m.id)).toEqual(['gpt-4o', 'claude', 'mini']);
    expect(models[1]).toMatchObject({ provider: 'anthropic', upstream_model: 'claude-sonnet-4-6', max_output_tokens: 1000, default_max_tokens: 500 });
    expect(models[2]).toMatchObject({ description: 'mini', max_output_tokens: 4096, default_max_tokens: 4096 });
  });

  it('replaces a built-in entirely when the provider changes', () => {
    const [gpt] = modelListFromDocument({ models: [{ id: 'gpt-4o', provider: 'openai-compatible', base_url: 'http://h/v1', upstream_model: 'm' }] }, 'f');
    expect(gpt).toMatchObject({ provider: 'openai-compatible', description: 'gpt-4o', max_output_tokens: 4096 });
  });

  it('carries list prices: built-in ones, and those the file sets', () => {
    const models = modelListFromDocument({ models: [{ id: 'claude', output_cost_per_mtok: 20 }, { id: 'mini', provider: 'openai', upstream_model: 'm', input_cost_per_mtok: 0.15 }] }, 'f');
    expect(models[0]).toMatchObject({ input_cost_per_mtok: 2.5, output_cost_per_mtok: 10 });
    expect(models[1]).toMatchObject({ input_cost_per_mtok: 3, output_cost_per_mtok: 20 });
    expect(models[2]).toMatchObject({ input_cost_per_mtok: 0.15 });
    expect(models[2]!.output_cost_per_mtok).toBeUndefined();
  });

  it('leaves the built-in list untouched', () => {
    modelListFromDocument({ models: [{ id: 'gpt-4o', max_output_tokens: 10, default_max_tokens: 5 }] }, 'f');
    expect(PROVIDERS.builtinModels[0]!.max_output_tokens).toBe(16384);
  });

  it.each([
    [null, /must hold a mapping/],
    [{ models: 'x' }, /models must be a list/],
    [{ modelz: [] }, /unknown top-level field 'modelz'/],
    [{ builtin_models: 'no', models: [] }, /builtin_models must be true or false/],
    [{ models: [{ id: 'bad id', provider: 'openai', upstream_model: 'x' }] }, /may hold only letters/],
    [{ models: [{ id: 'x', provider: 'openai', upstream_model: 'x', max_output_tokens: 0 }] }, /max_output_tokens must be a positive integer/],
    [{ models: [{ id: 'x', provider: 'openai', upstream_model: 'x', base_url: 'http://h' }] }, /base_url applies only to provider openai-compatible/],
    [{ models: [{ id: 'x', provider: 'openai-compatible', upstream_model: 'x', base_url: 'nope' }] }, /base_url must be an http\(s\) URL/],
    [{ models: [{ id: 'x', provider: 'openai-compatible', upstream_model: 'x' }] }, /base_url is required for provider openai-compatible/],
    [{ models: [{ id: 'x', provider: 'openai', upstream_model: 'x', max_temperature: 1 }] }, /max_temperature applies only to provider openai-compatible/],
    [{ models: [{ id: 'x', provider: 'openai-compatible', upstream_model: 'x', base_url: 'http://h', max_temperature: 3 }] }, /max_temperature must be a number from 0 to 2/],
    [{ models: [{ id: 'x', provider: 'gemini', upstream_model: 'x' }] }, /provider must be one of openai, anthropic, openai-compatible/],
    [{ models: [{ id: 'x', provider: 'openai-compatible', upstream_model: 'x', base_url: 'http://h', api_key_env: 'has space' }] }, /api_key_env must be an environment variable name/],
    [{ models: [{ id: 'x', provider: 'openai', upstream_model: 'x', input_cost_per_mtok: -1 }] }, /input_cost_per_mtok must be a number from 0 to 1000000/],
    [{ models: [{ id: 'x', provider: 'openai', upstream_model: 'x', output_cost_per_mtok: '3' }] }, /output_cost_per_mtok must be a number/],
  ])('rejects %j', (doc, message) => {
    expect(() => modelListFromDocument(doc, 'f.yaml')).toThrow(message);
  });
});
