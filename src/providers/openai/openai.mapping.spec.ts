import { describe, expect, it } from '@jest/globals';
import { BUILTIN_MODELS } from '../../config/model-entry.js';
import { toOpenAIRequest } from './openai.request.js';
import { fromOpenAIResponse, openAIErrorMessage } from './openai.response.js';

const GPT = BUILTIN_MODELS[0]!;

describe('OpenAI request mapping', () => {
  it('sends the prompt as one user message and max_tokens as max_completion_tokens', () => {
    expect(toOpenAIRequest(GPT, { prompt: 'p', max_tokens: 5, temperature: 0, top_p: 0.5, stop: ['x'] })).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'p' }],
      max_completion_tokens: 5,
      temperature: 0,
      top_p: 0.5,
      stop: ['x'],
    });
  });

  it('omits what the client did not send, including an empty stop list', () => {
    expect(toOpenAIRequest(GPT, { prompt: 'p', stop: [] })).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'p' }] });
  });
});

describe('OpenAI response mapping', () => {
  const ok = {
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'length' }],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  };

  it('reads text, finish reason and usage', () => {
    expect(fromOpenAIResponse(ok)).toEqual({ text: 'hi', finish_reason: 'length', usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
  });

  it('sums usage when total_tokens is missing and zeroes what is absent', () => {
    expect(fromOpenAIResponse({ ...ok, usage: { prompt_tokens: 2, completion_tokens: 5 } })).toMatchObject({ usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 } });
    expect(fromOpenAIResponse({ choices: ok.choices })).toMatchObject({ usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
  });

  it.each([
    [null, 'body is not a JSON object'],
    [[], 'body is not a JSON object'],
    [{ choices: [] }, 'no choices'],
    [{ choices: [{}] }, 'choice without a message'],
    [{ choices: [{ message: { content: 5 } }] }, 'message content is not text'],
  ])('names what is wrong with %j', (body, problem) => {
    expect(fromOpenAIResponse(body)).toBe(problem);
  });

  it('finds the message of an error body', () => {
    expect(openAIErrorMessage({ error: { message: 'bad' } })).toBe('bad');
    expect(openAIErrorMessage({ error: 'bad' })).toBeUndefined();
  });
});
