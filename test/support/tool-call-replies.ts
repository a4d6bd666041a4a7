// Upstream answers that call tools, in each provider's documented wire format, for scripting the simulator with
// `body` (JSON answers): OpenAI's chat completion with `tool_calls`, Anthropic's message with `tool_use` blocks.
import type { ScriptedReply } from '../simulator/upstream-simulator.js';

export interface ScriptedCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

const usage = { input: 12, output: 7 };

export function openAIToolCallReply(calls: ScriptedCall[], text: string | null = null): ScriptedReply {
  return {
    body: {
      id: 'chatcmpl-tools',
      object: 'chat.completion',
      created: 1_764_288_000,
      model: 'gpt-4o-2024-08-06',
      choices: [{
        index: 0,
        message: { role: 'assistant', content: text, refusal: null, tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } })) },
        logprobs: null,
        finish_reason: 'tool_calls',
      }],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    },
  };
}

export function anthropicToolUseReply(calls: ScriptedCall[], text?: string): ScriptedReply {
  return {
    body: {
      id: 'msg_tools',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [...(text ? [{ type: 'text', text }] : []), ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input }))],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    },
  };
}

/** The tool-call answer in the format of `route`. */
export function toolCallReply(route: 'openai' | 'anthropic', calls: ScriptedCall[]): ScriptedReply {
  return route === 'openai' ? openAIToolCallReply(calls) : anthropicToolUseReply(calls);
}
