import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

const sse = (events: string[]): string => `${events.map((event) => `data: ${event}`).join('\n\n')}\n\n`;
const head = (id: string, object: string): string => `"id":"${id}","object":"${object}","created":1764288000,"model":"gpt-4o"`;
const chat = head('chatcmpl-9f2c', 'chat.completion.chunk');
const text = head('cmpl-9f2c', 'text_completion');

/** What each route streams with `stream_options.include_usage` (docs/openai-compatible.md, "Streaming"). */
const EXAMPLES = {
  chat: sse([
    `{${chat},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`,
    `{${chat},"choices":[{"index":0,"delta":{"content":"The ocean"},"logprobs":null,"finish_reason":null}],"usage":null}`,
    `{${chat},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}`,
    `{${chat},"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}`,
    '[DONE]',
  ]),
  text: sse([
    `{${text},"choices":[{"text":"The ocean","index":0,"logprobs":null,"finish_reason":null}]}`,
    `{${text},"choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}`,
    `{${text},"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}`,
    '[DONE]',
  ]),
};

const DESCRIPTIONS = {
  chat: "OpenAI's CreateChatCompletionResponse. With `stream: true`: `text/event-stream` of CreateChatCompletionStreamResponse "
    + 'chunks (a role chunk, one `delta.content` chunk per piece of text, a last choice chunk with `finish_reason`; with '
    + '`stream_options.include_usage` every chunk has `usage: null` and one more chunk with `choices: []` carries the usage), '
    + 'then `data: [DONE]`.',
  text: "OpenAI's CreateCompletionResponse. With `stream: true`: `text/event-stream` of `text_completion` chunks (one per "
    + 'piece of text, the last with `finish_reason`; with `stream_options.include_usage` one more with `choices: []` and '
    + '`usage`), then `data: [DONE]`.',
};

const FAILURE = ' A failure after the first chunk is one last event `{"error": {"message", "type", "param", "code"}}` and no '
  + '`[DONE]` (the OpenAI SDKs raise it as an APIError); before it, the usual error status. `: keep-alive` comments come '
  + 'while the upstream is silent.';

/** The 200 of an OpenAI operation: its JSON object, or with `stream: true` its SSE chunks (with an example). */
export function ApiOpenAIStreamOr(model: Type<unknown>, kind: 'chat' | 'text'): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description: DESCRIPTIONS[kind] + FAILURE,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/event-stream': { schema: { type: 'string' }, example: EXAMPLES[kind] },
      },
    }),
  );
}
