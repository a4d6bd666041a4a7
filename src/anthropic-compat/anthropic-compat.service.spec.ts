import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { MAX_OBJECT_KEYS } from '../common/body-shape.js';
import { MAX_MESSAGES } from '../openai-compat/dto/chat-completion-request.dto.js';
import type { CompletionsService } from '../completions/completions.service.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { ModelsService } from '../models/models.service.js';
import { RequestFacts } from '../observability/request-facts.js';
import type { CompletionRequest, CompletionResult } from '../providers/provider-definition.js';
import type { ProvidersService } from '../providers/providers.service.js';
import { ANTHROPIC } from '../providers/anthropic/anthropic.provider.js';
import { OPENAI } from '../providers/openai/openai.provider.js';
import { AnthropicCompatService } from './anthropic-compat.service.js';

const MODELS = [{ id: 'claude', provider: 'anthropic' }, { id: 'gpt-4o', provider: 'openai' }] as ModelEntry[];
const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };

/** The service over two models and a CompletionsService that answers `answer` and records what it was asked. */
function service(answer: CompletionResult): { anthropic: AnthropicCompatService; calls: CompletionRequest[] } {
  const calls: CompletionRequest[] = [];
  const models = { find: (id: string) => MODELS.find((model) => model.id === id), ids: () => MODELS.map((model) => model.id) } as unknown as ModelsService;
  const providers = { definitionFor: (model: ModelEntry) => (model.provider === 'anthropic' ? ANTHROPIC : OPENAI) } as unknown as ProvidersService;
  const completions = {
    call: (model: ModelEntry, request: CompletionRequest) => {
      calls.push(request);
      return Promise.resolve({ result: answer, attempts: 1, servedBy: model.id });
    },
  } as unknown as CompletionsService;
  return { anthropic: new AnthropicCompatService({ maxJsonDepth: 8 } as GatewayConfig, models, completions, providers), calls };
}

const body = (fields: Record<string, unknown>): Record<string, unknown> => ({ max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], ...fields });

describe('AnthropicCompatService', () => {
  it('claude: the body as sent rides along; a field the translation cannot carry only closes the translated fallbacks', () => {
    const { anthropic } = service({ text: '', finish_reason: 'stop', usage });
    const facts = new RequestFacts();
    const call = anthropic.prepare(body({ model: 'claude', top_k: 5, stream: true }), { 'anthropic-beta': 'x' }, facts);
    expect(call.stream).toBe(true);
    expect(call.request.passthrough).toEqual({ format: 'anthropic-messages', body: body({ model: 'claude', top_k: 5, stream: true }), headers: { 'anthropic-beta': 'x' }, needs: { tools: false, vision: false, json_schema: false }, untranslatable: expect.any(ApiError) });
    expect(call.request.passthrough!.untranslatable!.message).toMatch(/^top_k: cannot be translated/);
    expect({ model: facts.model, prompt: facts.prompt }).toEqual({ model: 'claude', prompt: 'Hi' });
  });

  it('gpt-4o: the translation, or a 400 naming what it cannot carry; an unknown model is a 404', () => {
    const { anthropic } = service({ text: '', finish_reason: 'stop', usage });
    expect(anthropic.prepare(body({ model: 'gpt-4o' }), {}).request).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10, passthrough: { format: 'anthropic-messages' } });
    expect(() => anthropic.prepare(body({ model: 'gpt-4o', top_k: 5 }), {})).toThrow(expect.objectContaining({ status: 400, param: 'top_k' }));
    expect(() => anthropic.prepare(body({ model: 'claude-9' }), {})).toThrow(expect.objectContaining({ status: 404, type: 'not_found_error' }));
  });

  it('refuses a body nested deeper than MAX_JSON_DEPTH, naming the field', () => {
    const { anthropic } = service({ text: '', finish_reason: 'stop', usage });
    let deep: unknown = 'x';
    for (let level = 0; level < 10; level++) deep = [deep];
    expect(() => anthropic.prepare(body({ model: 'claude', metadata: deep }), {})).toThrow(expect.objectContaining({ status: 400, param: 'metadata' }));
  });

  it('bounds every body before reading it: keys per object, the message count; free-form fields within them pass as sent', async () => {
    const { anthropic } = service({ text: '', finish_reason: 'stop', usage });
    const keys = (count: number): Record<string, number> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
    const many = Array.from({ length: MAX_MESSAGES + 1 }, () => ({ role: 'user', content: 'x' }));
    for (const model of ['claude', 'gpt-4o']) {
      expect(() => anthropic.prepare(body({ model, messages: many }), {})).toThrow(expect.objectContaining({ status: 400, param: 'messages' }));
      expect(() => anthropic.prepare(body({ model, ...keys(MAX_OBJECT_KEYS + 1) }), {})).toThrow(expect.objectContaining({ status: 400, param: 'body' }));
      expect(() => anthropic.prepare(body({ model, metadata: keys(MAX_OBJECT_KEYS + 1) }), {})).toThrow(expect.objectContaining({ status: 400, param: 'metadata' }));
    }
    await expect(anthropic.countTokens(body({ model: 'gpt-4o', messages: many }), {}, new AbortController().signal)).rejects.toMatchObject({ status: 400, param: 'messages' });
    // Claude Code's many tools with large schemas, thinking and cache_control: each object stays under the bound.
    const schema = { type: 'object', properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, { type: 'string' }])) };
    const tools = Array.from({ length: 30 }, (_, i) => ({ name: `t${i}`, input_schema: schema, cache_control: { type: 'ephemeral' } }));
    const call = anthropic.prepare(body({ model: 'claude', tools, thinking: { type: 'enabled', budget_tokens: 1024 }, context_management: { edits: [] } }), {});
    expect(call.request.passthrough!.body).toMatchObject({ tools, thinking: { type: 'enabled' } });
  });

  it('answers the upstream body as sent when there is one, else the translated message', async () => {
    const raw = { id: 'msg_up', type: 'message', content: [] };
    const relayed = service({ text: '', finish_reason: 'stop', usage, raw });
    await expect(relayed.anthropic.message(relayed.anthropic.prepare(body({ model: 'claude' }), {}))).resolves.toEqual({ body: raw, attempts: 1 });
    const translated = service({ text: 'Hello', finish_reason: 'length', usage });
    const served = await translated.anthropic.message(translated.anthropic.prepare(body({ model: 'gpt-4o' }), {}));
    expect(served.body).toMatchObject({ model: 'gpt-4o', content: [{ type: 'text', text: 'Hello' }], stop_reason: 'max_tokens', usage: { input_tokens: 1, output_tokens: 2 } });
  });

  it('lists the models in Anthropic\'s shape', () => {
    const { anthropic } = service({ text: '', finish_reason: 'stop', usage });
    expect(anthropic.list()).toMatchObject({ data: [{ type: 'model', id: 'claude' }, { type: 'model', id: 'gpt-4o' }], has_more: false, first_id: 'claude', last_id: 'gpt-4o' });
  });
});
