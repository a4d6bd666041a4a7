import { describe, expect, it } from '@jest/globals';
import type { ModelEntry } from '../../config/model-entry.js';
import { applyParameterRules } from '../parameter-rules.js';
import type { CompletionRequest } from '../provider-definition.js';
import { OPENAI } from './openai.provider.js';
import { fromOpenAIResponse, openAIErrorMessage } from './openai.response.js';

const GPT = OPENAI.builtinModels[0]!;

/** The body OpenAI receives: the provider's rules, then its request mapping. */
function toOpenAIRequest(model: ModelEntry, request: CompletionRequest): Record<string, unknown> {
  const params = applyParameterRules(OPENAI.parameters, model, request);
  return OPENAI.buildRequest(model, request, params, { settings: { baseUrl: 'https://api.openai.com/v1' }, env: {} }).body;
}

describe('OpenAI request mapping', () => {
  it('sends the prompt as one user message and max_tokens as max_completion_tokens', () => {
    expect(toOpenAIRequest(GPT, { messages: [{ role: 'user', content: 'p' }], max_tokens: 5, temperature: 0, top_p: 0.5, stop: ['x'] })).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'p' }],
      max_completion_tokens: 5,
      temperature: 0,
      top_p: 0.5,
      stop: ['x'],
    });
  });

  it('sends the conversation as it is, with n and user', () => {
    const messages = [{ role: 'system' as const, content: 's' }, { role: 'user' as const, content: 'a' }, { role: 'assistant' as const, content: 'b' }, { role: 'user' as const, content: 'c' }];
    expect(toOpenAIRequest(GPT, { messages, n: 2, user: 'u' })).toEqual({ model: 'gpt-4o', messages, n: 2, user: 'u' });
  });

  it('posts to the configured base URL with the key as a Bearer token', () => {
    const request = OPENAI.buildRequest(GPT, { messages: [{ role: 'user', content: 'p' }] }, {}, { settings: { baseUrl: 'http://h/v1', apiKey: 'k' }, env: {} });
    expect(request).toMatchObject({ url: 'http://h/v1/chat/completions', headers: { authorization: 'Bearer k' } });
  });

  it('accepts temperature up to 2', () => {
    expect(toOpenAIRequest(GPT, { messages: [{ role: 'user', content: 'p' }], temperature: 2 })).toMatchObject({ temperature: 2 });
    expect(() => toOpenAIRequest(GPT, { messages: [{ role: 'user', content: 'p' }], temperature: 2.1 })).toThrow("must be between 0 and 2 for model 'gpt-4o'");
  });

  it('omits what the client did not send, including an empty stop list', () => {
    expect(toOpenAIRequest(GPT, { messages: [{ role: 'user', content: 'p' }], stop: [] })).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'p' }] });
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

  it('reads every choice when there are several (n > 1)', () => {
    const second = { index: 1, message: { role: 'assistant', content: 'ho' }, finish_reason: 'stop' };
    expect(fromOpenAIResponse({ ...ok, choices: [...ok.choices, second] })).toMatchObject({
      text: 'hi',
      choices: [{ text: 'hi', finish_reason: 'length' }, { text: 'ho', finish_reason: 'stop' }],
    });
    expect(fromOpenAIResponse(ok)).not.toHaveProperty('choices');
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
