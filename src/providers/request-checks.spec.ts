import { describe, expect, it } from '@jest/globals';
import type { ModelEntry } from '../config/model-entry.js';
import type { CompletionRequest } from './provider-definition.js';
import { capabilitiesOf, checkRequest, requiredCapabilities } from './request-checks.js';

const MODEL: ModelEntry = { id: 'local', description: 'l', provider: 'openai-compatible', upstream_model: 'l', max_output_tokens: 10, default_max_tokens: 10 };
const ALL = { tools: true, vision: true, json_schema: true };
const tool = { name: 'f', parameters: { type: 'object' } };
const ask = (extra: Partial<CompletionRequest>): CompletionRequest => ({ messages: [{ role: 'user', content: 'p' }], ...extra });
const refusal = (model: ModelEntry, request: CompletionRequest, defaults = ALL): unknown => {
  try {
    checkRequest(model, defaults, request, 1024);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('request checks shared by every provider', () => {
  it('says what a request needs: tools (offered or in the history), images, structured output', () => {
    expect(requiredCapabilities(ask({}))).toEqual({ tools: false, vision: false, json_schema: false });
    expect(requiredCapabilities(ask({ tools: [tool] })).tools).toBe(true);
    expect(requiredCapabilities({ messages: [{ role: 'tool', tool_call_id: 'c', content: 'x' }] }).tools).toBe(true);
    expect(requiredCapabilities({ messages: [{ role: 'user', content: [{ type: 'image', url: 'https://x/a.png' }] }] }).vision).toBe(true);
    expect(requiredCapabilities(ask({ response_format: { type: 'json_object' } })).json_schema).toBe(true);
    expect(requiredCapabilities(ask({ response_format: { type: 'text' } })).json_schema).toBe(false);
  });

  it('takes the model-list flags over the provider defaults', () => {
    expect(capabilitiesOf({ ...MODEL, supports_vision: true }, { tools: true, vision: false, json_schema: false })).toEqual({ tools: true, vision: true, json_schema: false });
    expect(capabilitiesOf({ ...MODEL, supports_tools: false }, ALL)).toEqual({ tools: false, vision: true, json_schema: true });
  });

  it.each([
    [{ supports_tools: false }, ask({ tools: [tool] }), 'tools', "Model 'local' does not support tools (supports_tools is false"],
    [{ supports_vision: false }, { messages: [{ role: 'user' as const, content: [{ type: 'image' as const, url: 'https://x/a.png' }] }] }, 'messages', 'does not support image inputs'],
    [{ supports_json_schema: false }, ask({ response_format: { type: 'json_schema', name: 'n' } }), 'response_format', 'does not support structured output'],
  ])('refuses a capability the model lacks (%j), naming the model and the capability', (flags, request, param, message) => {
    const error = refusal({ ...MODEL, ...flags }, request) as { status: number; param: string; message: string };
    expect(error).toMatchObject({ status: 400, param });
    expect(error.message).toContain(message);
  });

  it('refuses tool_choice without tools or naming a tool that was not sent', () => {
    expect(refusal(MODEL, ask({ tool_choice: 'required' }))).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal(MODEL, ask({ tools: [tool], tool_choice: { name: 'g' } }))).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal(MODEL, ask({ tool_choice: 'none' }))).toBeUndefined();
  });

  it('refuses assistant tool-call arguments that are not JSON, naming the message', () => {
    const request: CompletionRequest = {
      messages: [{ role: 'user', content: 'p' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'f', arguments: "{'a': 1}" }] }],
      tools: [tool],
    };
    expect(refusal(MODEL, request)).toMatchObject({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' });
  });

  it('checks data-URL images against MAX_IMAGE_BYTES and their declared type', () => {
    const request: CompletionRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image', url: 'data:image/png;base64,/9j/4AAQ' }] }] };
    expect(refusal(MODEL, request)).toMatchObject({ status: 400, param: 'messages[0].content[1]' });
  });
});
