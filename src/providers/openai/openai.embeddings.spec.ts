import { describe, expect, it } from '@jest/globals';
import { OPENAI_COMPATIBLE } from '../openai-compatible/openai-compatible.provider.js';
import { OPENAI } from './openai.provider.js';
import { fromEmbeddingResponse } from './openai.embeddings.js';

const small = { id: 'small', description: 'd', provider: 'openai', upstream_model: 'text-embedding-3-small', max_output_tokens: 1, default_max_tokens: 1, mode: 'embedding' as const };

describe('OpenAI embeddings', () => {
  it('posts to {base}/embeddings with the model mapped and only the fields sent', () => {
    const request = OPENAI.embed!.buildRequest(small, { input: ['a', 'b'], dimensions: 8 }, { settings: { baseUrl: 'https://api.openai.com/v1', apiKey: 'k' }, env: {} });
    expect(request).toEqual({ url: 'https://api.openai.com/v1/embeddings', headers: { authorization: 'Bearer k' }, body: { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 8 } });
  });

  it('an openai-compatible model uses its own base URL and key variable', () => {
    const local = { ...small, provider: 'openai-compatible', base_url: 'http://h/v1/', api_key_env: 'LOCAL_KEY' };
    const request = OPENAI_COMPATIBLE.embed!.buildRequest(local, { input: 'a', encoding_format: 'float', user: 'u' }, { settings: {}, env: { LOCAL_KEY: 'lk' } });
    expect(request).toEqual({ url: 'http://h/v1/embeddings', headers: { authorization: 'Bearer lk' }, body: { model: 'text-embedding-3-small', input: 'a', encoding_format: 'float', user: 'u' } });
  });

  it('reads vectors (floats or base64) and the input tokens; names what is wrong', () => {
    expect(fromEmbeddingResponse({ data: [{ index: 0, embedding: [0.1] }, { embedding: 'AAAA' }], usage: { prompt_tokens: 3 } })).toEqual({
      data: [{ index: 0, embedding: [0.1] }, { index: 1, embedding: 'AAAA' }],
      prompt_tokens: 3,
    });
    expect(fromEmbeddingResponse({})).toBe('no data list');
    expect(fromEmbeddingResponse({ data: [1] })).toBe('embedding is not an object');
    expect(fromEmbeddingResponse({ data: [{ embedding: [null] }] })).toBe('embedding is neither numbers nor base64');
  });
});
