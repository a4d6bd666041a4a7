import { describe, expect, it } from '@jest/globals';
import { fromBase64, fromEmbeddingRequest, toBase64, toEmbeddingResponse } from './openai-embeddings.mapping.js';

describe('embeddings mapping', () => {
  it('takes the fields the client sent, null as unset', () => {
    expect(fromEmbeddingRequest({ model: 'm', input: ['a'], dimensions: 8, encoding_format: 'base64', user: 'u' })).toEqual({ input: ['a'], dimensions: 8, encoding_format: 'base64', user: 'u' });
    expect(fromEmbeddingRequest({ model: 'm', input: 'a', dimensions: null as unknown as undefined })).toEqual({ input: 'a' });
  });

  it('base64 is little-endian float32, both ways', () => {
    const values = [0.5, -1, 0.25];
    expect(toBase64(values)).toBe(Buffer.from(new Float32Array(values).buffer).toString('base64'));
    expect(fromBase64(toBase64(values))).toEqual(values);
  });

  it('answers in the encoding asked for whatever the upstream sent, in index order, with the usage', () => {
    const result = { data: [{ index: 1, embedding: toBase64([1]) }, { index: 0, embedding: [0.5] }], prompt_tokens: 4 };
    expect(toEmbeddingResponse('small', result, 'float')).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5] }, { object: 'embedding', index: 1, embedding: [1] }],
      model: 'small',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    expect(toEmbeddingResponse('small', result, 'base64').data).toEqual([
      { object: 'embedding', index: 0, embedding: toBase64([0.5]) },
      { object: 'embedding', index: 1, embedding: toBase64([1]) },
    ]);
    expect((toEmbeddingResponse('small', result, undefined).data as unknown[])[0]).toEqual({ object: 'embedding', index: 0, embedding: [0.5] });
  });
});
