import { describe, expect, it } from '@jest/globals';
import type { CompletionsService } from '../completions/completions.service.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { ModelsService } from '../models/models.service.js';
import type { CompletionRequest, CompletionResult } from '../providers/provider-definition.js';
import type { CreateResponseDto } from './dto/create-response.dto.js';
import { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseStore } from './response-store.js';
import { ResponsesService } from './responses.service.js';

const claude = { id: 'claude', provider: 'anthropic' } as ModelEntry;
const KEY_A = { keyId: 'key_a' };
const KEY_B = { keyId: 'key_b' };

/** The service over one model and a completion core answering `answers` in turn, recording the requests. */
function service(answers: Partial<CompletionResult>[], store?: ResponseStore): { responses: ResponsesService; requests: CompletionRequest[] } {
  const requests: CompletionRequest[] = [];
  const models = { find: (id: string) => (id === claude.id ? claude : undefined) } as unknown as ModelsService;
  const completions = {
    call: (_model: ModelEntry, request: CompletionRequest) => {
      requests.push(request);
      const result = { text: '', finish_reason: 'stop', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, ...answers.shift() };
      return Promise.resolve({ result, attempts: 1, servedBy: 'claude' });
    },
  } as unknown as CompletionsService;
  return { responses: new ResponsesService(models, completions, store), requests };
}

const memory = (): MemoryResponseStore => new MemoryResponseStore({ maxResponses: 10, maxBytes: 100_000, ttlMs: 60_000 });
const body = (fields: Partial<CreateResponseDto>): CreateResponseDto => ({ model: 'claude', input: 'Hi', ...fields }) as CreateResponseDto;

describe('ResponsesService', () => {
  it('continues a conversation: earlier input and output first, earlier instructions not carried over', async () => {
    const { responses, requests } = service([{ text: 'Paris.' }, { text: 'Yes.' }], memory());
    const first = await responses.create(body({ instructions: 'Be terse.', input: 'Capital of France?' }), undefined, undefined, KEY_A);
    await responses.create(body({ previous_response_id: first.body.id, input: 'Sure?' }), undefined, undefined, KEY_A);
    expect(requests[1]!.messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] },
      { role: 'user', content: 'Sure?' },
    ]);
  });

  it('carries tool calls and their outputs through previous_response_id', async () => {
    const call = { id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' };
    const { responses, requests } = service([{ text: '', tool_calls: [call], finish_reason: 'tool_calls' }, { text: 'Sunny.' }], memory());
    const tools = [{ type: 'function', name: 'weather', parameters: { type: 'object' } }];
    const first = await responses.create(body({ input: 'Rome?', tools }), undefined, undefined, KEY_A);
    expect(first.body.output).toEqual([expect.objectContaining({ type: 'function_call', call_id: 'call_1' })]);
    await responses.create(body({ previous_response_id: first.body.id, tools, input: [{ type: 'function_call_output', call_id: 'call_1', output: 'Sunny' }] }), undefined, undefined, KEY_A);
    expect(requests[1]).toMatchObject({
      tools: [{ name: 'weather', parameters: { type: 'object' } }],
      messages: [{ role: 'user', content: 'Rome?' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' }],
    });
  });

  it('never lets another key read, continue or delete a response (404)', async () => {
    const { responses, requests } = service([{ text: 'Mine.' }], memory());
    const { body: mine } = await responses.create(body({}), undefined, undefined, KEY_A);
    await expect(responses.retrieve(mine.id, KEY_B)).rejects.toMatchObject({ status: 404 });
    await expect(responses.remove(mine.id, KEY_B)).rejects.toMatchObject({ status: 404 });
    await expect(responses.create(body({ previous_response_id: mine.id }), undefined, undefined, KEY_B)).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });
    await expect(responses.retrieve(mine.id, KEY_A)).resolves.toMatchObject({ id: mine.id });
    expect(requests).toHaveLength(1);
  });

  it('without a store: answers with store false, and previous_response_id is a 400 saying so', async () => {
    const { responses, requests } = service([{ text: 'ok' }]);
    const { body: answer } = await responses.create(body({}), undefined, undefined, KEY_A);
    expect(answer.store).toBe(false);
    await expect(responses.create(body({ previous_response_id: answer.id }))).rejects.toMatchObject({ status: 400, param: 'previous_response_id', message: expect.stringContaining('RESPONSES_STORE=off') });
    expect(requests).toHaveLength(1);
  });

  it('answers even when the store fails to save (the answer was made and paid for)', async () => {
    const failing: ResponseStore = { description: 'broken', save: () => Promise.reject(new Error('database away')), get: () => Promise.resolve(undefined), delete: () => Promise.resolve(false) };
    const { responses } = service([{ text: 'Still here.' }], failing);
    await expect(responses.create(body({}), undefined, undefined, KEY_A)).resolves.toMatchObject({ body: { output: [expect.objectContaining({ type: 'message' })] } });
  });

  it('refuses an unknown model with 404 before any call', async () => {
    const { responses, requests } = service([]);
    await expect(responses.create(body({ model: 'gpt-9' }))).rejects.toMatchObject({ status: 404, param: 'model' });
    expect(requests).toHaveLength(0);
  });
});
