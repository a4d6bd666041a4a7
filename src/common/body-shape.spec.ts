import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import { ChatCompletionRequestDto, MAX_MESSAGES, MAX_TOOLS } from '../openai-compat/dto/chat-completion-request.dto.js';
import { EmbeddingRequestDto, MAX_EMBEDDING_INPUTS } from '../openai-compat/dto/embedding-request.dto.js';
import { CreateResponseDto } from '../openai-responses/dto/create-response.dto.js';
import { validateOpenAIBody } from '../openai-compat/openai-validation.js';
import { ApiError } from './api-error.js';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { bodyShapeProblem, MAX_OBJECT_KEYS } from './body-shape.js';
import { validateBody } from './validate-body.js';

const keys = (count: number, value: unknown = 1): Record<string, unknown> => {
  const object: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) object[`k${i}`] = value;
  return object;
};
const chat = (fields: Record<string, unknown> = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...fields });

/** The refusal and how long it took (ms): the bound is generous for a loaded machine; the quadratic cost took seconds (50k keys: ~2 s). */
function refusal(run: () => unknown): { error: ApiError; ms: number } {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    return { error: error as ApiError, ms: performance.now() - started };
  }
  throw new Error('accepted');
}

describe('body shape checks before class-transformer', () => {
  it('refuses a 50k-entry logit_bias at once, naming the field (OpenAI surface)', () => {
    const body = chat({ logit_bias: keys(50_000) });
    const { error, ms } = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, body));
    expect(error).toMatchObject({ status: 400, param: 'logit_bias' });
    expect(error.message).toBe(`Invalid 'logit_bias': too many keys: at most ${MAX_OBJECT_KEYS} are accepted in one object (or in one free-form field).`);
    expect(ms).toBeLessThan(250);
  });

  it('refuses 50k unknown top-level fields at once (REST)', () => {
    const body = Object.assign(keys(50_000), { model: 'm', prompt: 'p' });
    const { error, ms } = refusal(() => validateBody(CompleteRequestDto, body));
    expect(error).toMatchObject({ status: 400, param: null });
    expect(error.message).toMatch(/^Too many keys in the request body: at most 1000/);
    expect(ms).toBeLessThan(250);
  });

  it('refuses an object with more keys than its DTO has fields at its first unknown one, before transforming', () => {
    const rest = refusal(() => validateBody(CompleteRequestDto, { model: 'm', prompt: 'p', ...keys(900) })).error;
    expect(rest).toMatchObject({ status: 400, param: 'k0', message: "Unknown parameter 'k0'." });
    const openai = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, chat({ messages: [{ role: 'user', content: 'x', ...keys(900) }] }))).error;
    expect(openai).toMatchObject({ status: 400, param: 'messages[0].k0', message: 'Unrecognized request argument supplied: messages[0].k0' });
  });

  it('counts a free-form field as a whole: two nested objects of 600 keys are refused, 1000 keys in one are not', () => {
    expect(() => validateOpenAIBody(ChatCompletionRequestDto, chat({ stream_options: keys(MAX_OBJECT_KEYS, false) }))).not.toThrow();
    const error = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, chat({ stream_options: { a: keys(600), b: keys(600) } }))).error;
    expect(error).toMatchObject({ status: 400, param: 'stream_options' });
  });

  it(`caps the message count at ${MAX_MESSAGES} before any per-message work`, () => {
    const body = chat({ messages: Array.from({ length: 120_000 }, () => ({ role: 'user', content: 'x' })) });
    const { error, ms } = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, body));
    expect(error).toMatchObject({ status: 400, param: 'messages' });
    expect(error.message).toBe(`Invalid 'messages': array too long. Expected an array with maximum length ${MAX_MESSAGES}, but got an array with length 120000 instead.`);
    expect(ms).toBeLessThan(250);
    const longest = Array.from({ length: MAX_MESSAGES }, () => ({ role: 'user', content: 'x' }));
    expect(validateOpenAIBody(ChatCompletionRequestDto, chat({ messages: longest })).messages).toHaveLength(MAX_MESSAGES);
  });

  it('bounds each item of a free-form list on its own: a long Responses conversation and many tool schemas pass', () => {
    const items = Array.from({ length: 600 }, (_, i) => ({ role: 'user', content: [{ type: 'input_text', text: `turn ${i}` }] }));
    const schema = { type: 'object', properties: keys(40, { type: 'string', description: 'a field' }) };
    const tools = Array.from({ length: 10 }, (_, i) => ({ type: 'function', name: `t${i}`, parameters: schema }));
    expect(validateOpenAIBody(CreateResponseDto, { model: 'm', input: items, tools }).input).toHaveLength(600);
    const error = refusal(() => validateOpenAIBody(CreateResponseDto, { model: 'm', input: [{ role: 'user', content: 'x' }, { role: 'user', ...keys(1200) }] })).error;
    expect(error).toMatchObject({ status: 400, param: 'input[1]' });
  });

  it(`caps Responses input items at ${MAX_MESSAGES} and embedding inputs at ${MAX_EMBEDDING_INPUTS} before any per-item work`, () => {
    const input = Array.from({ length: 120_000 }, () => ({ role: 'user', content: 'x' }));
    const responses = refusal(() => validateOpenAIBody(CreateResponseDto, { model: 'm', input }));
    expect(responses.error).toMatchObject({ status: 400, param: 'input', message: expect.stringContaining(`maximum length ${MAX_MESSAGES}, but got an array with length 120000`) });
    expect(responses.ms).toBeLessThan(250);
    const embeddings = refusal(() => validateOpenAIBody(EmbeddingRequestDto, { model: 'm', input: Array.from({ length: 300_000 }, () => [1]) }));
    expect(embeddings.error).toMatchObject({ status: 400, param: 'input', message: expect.stringContaining(`maximum length ${MAX_EMBEDDING_INPUTS}`) });
    expect(embeddings.ms).toBeLessThan(250);
    expect(validateOpenAIBody(CreateResponseDto, { model: 'm', input: 'a string input is not a list' }).input).toBe('a string input is not a list');
  });

  it(`caps tools at ${MAX_TOOLS} (OpenAI's bound) on chat and Responses before any per-tool work`, () => {
    const chatTool = (i: number) => ({ type: 'function', function: { name: `f${i}`, parameters: { type: 'object' } } });
    const chatBody = (count: number) => chat({ tools: Array.from({ length: count }, (_, i) => chatTool(i)) });
    const chatRefusal = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, chatBody(50_000)));
    expect(chatRefusal.error).toMatchObject({ status: 400, param: 'tools', message: expect.stringContaining(`maximum length ${MAX_TOOLS}, but got an array with length 50000`) });
    expect(chatRefusal.ms).toBeLessThan(250);
    expect(validateOpenAIBody(ChatCompletionRequestDto, chatBody(MAX_TOOLS)).tools).toHaveLength(MAX_TOOLS);
    const responseTools = (count: number) => Array.from({ length: count }, (_, i) => ({ type: 'function', name: `f${i}`, parameters: { type: 'object' } }));
    const responsesRefusal = refusal(() => validateOpenAIBody(CreateResponseDto, { model: 'm', input: 'x', tools: responseTools(50_000) }));
    expect(responsesRefusal.error).toMatchObject({ status: 400, param: 'tools', message: expect.stringContaining(`maximum length ${MAX_TOOLS}`) });
    expect(responsesRefusal.ms).toBeLessThan(250);
    expect(validateOpenAIBody(CreateResponseDto, { model: 'm', input: 'x', tools: responseTools(MAX_TOOLS) }).tools).toHaveLength(MAX_TOOLS);
  });

  it('keeps naming a bad known field before an unknown one in an ordinary-sized message', () => {
    const error = refusal(() => validateOpenAIBody(ChatCompletionRequestDto, chat({ messages: [{ role: 'wizard', content: 'x', surprise: 'c' }] }))).error;
    expect(error.param).toBe('messages[0].role');
  });

  it('treats a field whose type is chosen per value (a function of it, a discriminator) as free-form, never guessing its fields', () => {
    class TextPart {
      @IsString()
      type!: string;
    }
    class ImagePart extends TextPart {
      @IsString()
      url!: string;
    }
    class Message {
      @ValidateNested({ each: true })
      @Type((options) => ((options?.object as { kind?: string } | undefined)?.kind === 'image' ? ImagePart : TextPart))
      parts!: TextPart[];

      @ValidateNested()
      @Type(() => TextPart, { discriminator: { property: 'type', subTypes: [{ name: 'image', value: ImagePart }] } })
      part!: TextPart;
    }
    expect(bodyShapeProblem(Message, { parts: [{ type: 'image', url: 'u' }], part: { type: 'image', url: 'u' } })).toBeUndefined();
    expect(bodyShapeProblem(Message, { parts: [keys(MAX_OBJECT_KEYS + 1)] })).toEqual({ kind: 'keys', path: ['parts', '0'] });
  });
});
