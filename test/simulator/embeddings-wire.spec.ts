import { describe, expect, it } from '@jest/globals';
import { answerCountTokens } from './count-tokens-wire.js';
import { answerEmbeddings } from './embeddings-wire.js';

describe('the simulator\'s embeddings, as OpenAI answers them', () => {
  it('answers vectors of the native size, or of `dimensions`, equal for equal inputs, with the usage', () => {
    const answer = answerEmbeddings({ model: 'text-embedding-3-small', input: ['a', 'a'] });
    expect(answer.status).toBe(200);
    const body = answer.body as { data: { index: number; embedding: number[] }[]; usage: unknown };
    expect(body.data.map((item) => [item.index, item.embedding.length])).toEqual([[0, 1536], [1, 1536]]);
    expect(body.data[0]!.embedding).toEqual(body.data[1]!.embedding);
    expect(body.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    const short = answerEmbeddings({ model: 'text-embedding-3-large', input: [[1, 2]], dimensions: 4, encoding_format: 'base64' });
    expect(Buffer.from((short.body as { data: { embedding: string }[] }).data[0]!.embedding, 'base64')).toHaveLength(16);
  });

  it.each([
    [{ model: 'text-embedding-3-small', input: 'x', foo: 1 }, 400, 'Unrecognized request argument supplied: foo'],
    [{ input: 'x' }, 400, 'you must provide a model parameter'],
    [{ model: 'gpt-4o', input: 'x' }, 404, 'does not exist'],
    [{ model: 'text-embedding-3-small', input: '' }, 400, "'$.input' is invalid"],
    [{ model: 'text-embedding-3-small', input: [1, 'a'] }, 400, "'$.input' is invalid"],
    [{ model: 'text-embedding-3-small', input: 'x', encoding_format: 'int8' }, 400, 'encoding_format'],
    [{ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, 400, 'This model does not support specifying dimensions.'],
    [{ model: 'text-embedding-3-small', input: 'x', dimensions: 5000 }, 400, 'dimensions'],
  ])('refuses %j', (body, status, message) => {
    const answer = answerEmbeddings(body);
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.body)).toContain(message);
  });
});

describe('the simulator\'s count_tokens, as Anthropic answers it', () => {
  it('counts, and refuses the generation fields', () => {
    expect(answerCountTokens({ model: 'm', system: 'abcd', messages: [{ role: 'user', content: 'abcd' }] })).toEqual({ status: 200, body: { input_tokens: 2 } });
    expect(answerCountTokens({ model: 'm', max_tokens: 5, messages: [] })).toMatchObject({ status: 400, body: { type: 'error', error: { message: 'max_tokens: Extra inputs are not permitted' } } });
  });
});
