import { describe, expect, it } from '@jest/globals';
import type { CompletionsService } from '../completions/completions.service.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { ModelsService } from '../models/models.service.js';
import { RequestFacts } from '../observability/request-facts.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import { OpenAICompatService } from './openai-compat.service.js';

const claude = { id: 'claude', provider: 'anthropic' } as ModelEntry;

/** The service over one model and a streaming core that records what it was asked. */
function service(): { openai: OpenAICompatService; calls: { model: string; request: CompletionRequest }[] } {
  const calls: { model: string; request: CompletionRequest }[] = [];
  const models = { find: (id: string) => (id === claude.id ? claude : undefined) } as unknown as ModelsService;
  const completions = {
    streamCall: (model: ModelEntry, request: CompletionRequest): Promise<CompletionStream> => {
      calls.push({ model: model.id, request });
      return Promise.resolve({ id: 'cmpl-1', model: model.id, servedBy: model.id, attempts: 1, batches: [], cancel: () => undefined } as unknown as CompletionStream);
    },
  } as unknown as CompletionsService;
  return { openai: new OpenAICompatService(models, completions), calls };
}

describe('OpenAICompatService streams', () => {
  it('streams chat over the streaming core with the messages, telling the facts the model and prompt', async () => {
    const { openai, calls } = service();
    const facts = new RequestFacts();
    const { stream, encoder } = await openai.chatStream({ model: 'claude', stream: true, messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }, undefined, facts);
    expect(stream.id).toBe('cmpl-1');
    expect(calls).toEqual([{ model: 'claude', request: expect.objectContaining({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }) }]);
    expect({ model: facts.model, provider: facts.provider }).toEqual({ model: 'claude', provider: 'anthropic' });
    expect(encoder.delta({ text: 'a' })).toContain('"object":"chat.completion.chunk"');
  });

  it('refuses an unknown model (404) and n > 1 (400) before the streaming core is asked', async () => {
    const { openai, calls } = service();
    await expect(openai.textStream({ model: 'nope', prompt: 'x', stream: true })).rejects.toMatchObject({ status: 404, param: 'model' });
    await expect(openai.textStream({ model: 'claude', prompt: 'x', stream: true, n: 2 })).rejects.toMatchObject({ status: 400, param: 'n' });
    expect(calls).toEqual([]);
  });
});
