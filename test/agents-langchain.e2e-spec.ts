import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AIMessage, HumanMessage, ToolMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { AGENT_MODELS, isAnthropic, received, startAgentsFixture, type AgentModel, type AgentsFixture } from './support/agents-fixture.js';

// LangChain JS (`ChatOpenAI` with `bindTools`) against /openai/v1 on every kind of upstream: tool calls from JSON
// answers and from `.stream()` chunks, and the tool result sent back as a ToolMessage.
describe('agents through /openai/v1 with LangChain JS', () => {
  let fixture: AgentsFixture;
  const weather = tool(({ city }: { city: string }) => `clear in ${city}`, {
    name: 'get_weather',
    description: 'The weather in a city',
    schema: z.object({ city: z.string() }),
  });
  const chat = (model: AgentModel) =>
    new ChatOpenAI({ model, apiKey: fixture.apiKey, configuration: { baseURL: fixture.baseURL }, maxRetries: 0 }).bindTools([weather]);

  beforeAll(async () => {
    fixture = await startAgentsFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.upstream.clear());

  describe.each(AGENT_MODELS)('on %s', (model: AgentModel) => {
    it('invoke() returns tool_calls, and the ToolMessage reaches the upstream as its tool result', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Quito' } }] });
      const history: BaseMessage[] = [new HumanMessage('Weather in Quito?')];
      const first = (await chat(model).invoke(history)) as AIMessage;
      expect(first.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Quito' }, id: expect.any(String) })]);

      fixture.upstream.enqueue({ text: 'Clear in Quito.' });
      const call = first.tool_calls![0]!;
      history.push(first, new ToolMessage({ tool_call_id: call.id!, content: String(await weather.invoke(call.args as { city: string })) }));
      const second = await chat(model).invoke(history);
      expect(second.content).toBe('Clear in Quito.');
      const last = (received(fixture.upstream, model, 1).messages as Record<string, unknown>[]).at(-1);
      expect(last).toEqual(
        isAnthropic(model)
          ? { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'clear in Quito' }] }
          : { role: 'tool', tool_call_id: call.id, content: 'clear in Quito' },
      );
      expect(received(fixture.upstream, model, 0).tools).toHaveLength(1);
    });

    it('.stream() chunks concatenate into two separate tool calls', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Quito' } }, { name: 'get_weather', arguments: { city: 'Lima' } }] });
      let merged: AIMessageChunk | undefined;
      for await (const chunk of await chat(model).stream([new HumanMessage('Weather in Quito and Lima?')])) merged = merged === undefined ? chunk : merged.concat(chunk);
      expect(merged?.tool_calls?.map((call) => [call.name, call.args])).toEqual([
        ['get_weather', { city: 'Quito' }],
        ['get_weather', { city: 'Lima' }],
      ]);
      expect(received(fixture.upstream, model).stream).toBe(true);
    });
  });
});
