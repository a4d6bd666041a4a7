import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Agent, OpenAIChatCompletionsModel, run, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { AGENT_MODELS, isAnthropic, received, startAgentsFixture, type AgentModel, type AgentsFixture } from './support/agents-fixture.js';

// The OpenAI Agents SDK with its Chat Completions model (`OpenAIChatCompletionsModel`) and a function tool,
// against /openai/v1 on every kind of upstream: the agent loop runs the tool and ends with the model's answer.
describe('agents through /openai/v1 with the OpenAI Agents SDK', () => {
  let fixture: AgentsFixture;
  let client: OpenAI;
  const seen: string[] = [];
  const weather = tool({
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => {
      seen.push(city);
      return `fog in ${city}`;
    },
  });
  const agent = (model: AgentModel) =>
    new Agent({ name: 'forecaster', instructions: 'Answer weather questions with the tool.', model: new OpenAIChatCompletionsModel(client, model), tools: [weather] });

  beforeAll(async () => {
    // Traces would be exported to OpenAI's platform: nothing may leave the machine in tests.
    setTracingDisabled(true);
    fixture = await startAgentsFixture();
    client = new OpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey, maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.upstream.clear();
    seen.length = 0;
  });

  function expectLoop(model: AgentModel): void {
    const first = received(fixture.upstream, model, 0);
    const second = received(fixture.upstream, model, 1);
    if (isAnthropic(model)) {
      expect(first).toMatchObject({ system: 'Answer weather questions with the tool.', tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] });
      expect((second.messages as Record<string, unknown>[]).at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', content: 'fog in Bern' }] });
    } else {
      expect(first).toMatchObject({ messages: [{ role: 'system', content: 'Answer weather questions with the tool.' }, { role: 'user' }], tools: [{ type: 'function', function: { name: 'get_weather' } }] });
      expect((second.messages as Record<string, unknown>[]).at(-1)).toMatchObject({ role: 'tool', content: 'fog in Bern' });
    }
  }

  describe.each(AGENT_MODELS)('on %s', (model: AgentModel) => {
    it('runs the function tool and returns the final answer', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Bern' } }] });
      fixture.upstream.enqueue({ text: 'Foggy in Bern.' });
      const result = await run(agent(model), 'Weather in Bern?');
      expect(result.finalOutput).toBe('Foggy in Bern.');
      expect(seen).toEqual(['Bern']);
      expectLoop(model);
    });

    it('runs it streamed too', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Bern' } }] });
      fixture.upstream.enqueue({ text: 'Foggy in Bern.' });
      const result = await run(agent(model), 'Weather in Bern?', { stream: true });
      await result.completed;
      expect(result.finalOutput).toBe('Foggy in Bern.');
      expect(seen).toEqual(['Bern']);
      expect(received(fixture.upstream, model, 0).stream).toBe(true);
      expectLoop(model);
    });
  });
});
