import { describe, expect, it } from '@jest/globals';
import { MalformedStreamEvent, StreamEventError } from '../stream-transform.js';
import { OPENAI_STREAM } from './openai.stream.js';

/** A plain text request: what the parser is told was asked. */
const TEXT = { messages: [{ role: 'user' as const, content: 'p' }] };

const chunk = (choice: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): { data: string } => ({
  data: JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: choice === undefined ? [] : [{ index: 0, ...choice }], ...extra }),
});

describe('OpenAI stream transform', () => {
  it('asks for a stream with the usage chunk', () => {
    expect(OPENAI_STREAM.streamingBody({ model: 'm' })).toEqual({ model: 'm', stream: true, stream_options: { include_usage: true } });
  });

  it('turns content deltas into text, and ends at [DONE] with the finish reason and the usage chunk', () => {
    const parse = OPENAI_STREAM.createParser(TEXT);
    expect(parse(chunk({ delta: { role: 'assistant', content: '' }, finish_reason: null }))).toEqual([]);
    expect(parse(chunk({ delta: { content: 'Hel' }, finish_reason: null }))).toEqual([{ text: 'Hel' }]);
    expect(parse(chunk({ delta: { content: 'lo' }, finish_reason: null }))).toEqual([{ text: 'lo' }]);
    expect(parse(chunk({ delta: {}, finish_reason: 'length' }))).toEqual([]);
    expect(parse(chunk(undefined, { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }))).toEqual([]);
    expect(parse({ data: '[DONE]' })).toEqual([{ finish_reason: 'length', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }]);
  });

  it('ends without usage when the server sent none', () => {
    const parse = OPENAI_STREAM.createParser(TEXT);
    parse(chunk({ delta: { content: 'x' }, finish_reason: 'stop' }));
    expect(parse({ data: '[DONE]' })).toEqual([{ finish_reason: 'stop' }]);
  });

  it('reports a refusal as text with content_filter', () => {
    const parse = OPENAI_STREAM.createParser(TEXT);
    expect(parse(chunk({ delta: { refusal: 'I cannot' }, finish_reason: null }))).toEqual([{ text: 'I cannot' }]);
    parse(chunk({ delta: {}, finish_reason: 'stop' }));
    expect(parse({ data: '[DONE]' })).toEqual([{ finish_reason: 'content_filter' }]);
  });

  it('refuses [DONE] without a finish reason, and chunks that are not JSON objects', () => {
    expect(() => OPENAI_STREAM.createParser(TEXT)({ data: '[DONE]' })).toThrow(MalformedStreamEvent);
    expect(() => OPENAI_STREAM.createParser(TEXT)({ data: '{"choices":[' })).toThrow(MalformedStreamEvent);
    expect(() => OPENAI_STREAM.createParser(TEXT)({ data: '[1]' })).toThrow(MalformedStreamEvent);
  });

  it.each([
    [{ message: 'busy', type: 'server_error' }, 500],
    [{ message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' }, 429],
    [{ message: 'bad', type: 'invalid_request_error' }, 400],
  ])('throws an error chunk %j as a stream error with status %d', (error, status) => {
    const thrown = (() => {
      try {
        OPENAI_STREAM.createParser(TEXT)({ data: JSON.stringify({ error }) });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(StreamEventError);
    expect(thrown).toMatchObject({ status, kind: error.type, providerMessage: error.message });
  });
});
