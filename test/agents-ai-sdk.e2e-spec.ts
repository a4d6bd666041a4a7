import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { AGENT_MODELS, isAnthropic, received, startAgentsFixture, type AgentModel, type AgentsFixture } from './support/agents-fixture.js';

// The Vercel AI SDK (`ai` + `@ai-sdk/openai-compatible`) running a tool loop against /openai/v1 on every kind of
// upstream: the SDK executes the tool and sends its result back, JSON (generateText) and streamed (streamText).
describe('agents through /openai/v1 with the Vercel AI SDK', () => {
  let fixture: AgentsFixture;
  let gateway: ReturnType<typeof createOpenAICompatible>;
  const seen: string[] = [];
  const weather = tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: ({ city }) => {
      seen.push(city);
      return Promise.resolve({ city, sky: 'clear' });
    },
  });

  beforeAll(async () => {
    fixture = await startAgentsFixture();
    gateway = createOpenAICompatible({ name: 'gateway', baseURL: fixture.baseURL, apiKey: fixture.apiKey });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.upstream.clear();
    seen.length = 0;
  });

  /** The tool result turn the upstream received in the second request, in its own API's format. */
  function expectToolResult(model: AgentModel): void {
    const messages = received(fixture.upstream, model, 1).messages as Record<string, unknown>[];
    const [assistant, result] = messages.slice(-2);
    if (isAnthropic(model)) {
      expect(assistant).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', name: 'get_weather', input: { city: 'Lisbon' } }] });
      expect(result).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: expect.any(String) }] });
    } else {
      expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'get_weather' } }] });
      expect(result).toMatchObject({ role: 'tool', tool_call_id: expect.any(String) });
    }
    expect(JSON.stringify(result)).toContain('clear');
  }

  describe.each(AGENT_MODELS)('on %s', (model: AgentModel) => {
    it('generateText runs the tool and answers', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] });
      fixture.upstream.enqueue({ text: 'Clear skies in Lisbon.' });
      const result = await generateText({ model: gateway(model), prompt: 'Weather in Lisbon?', tools: { get_weather: weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
      expect(result.text).toBe('Clear skies in Lisbon.');
      expect(seen).toEqual(['Lisbon']);
      expect(result.steps[0]!.finishReason).toBe('tool-calls');
      expectToolResult(model);
    });

    it('streamText assembles the streamed tool call, runs it and streams the answer', async () => {
      fixture.upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Lisbon' } }] });
      fixture.upstream.enqueue({ text: 'Clear skies in Lisbon.' });
      const result = streamText({ model: gateway(model), prompt: 'Weather in Lisbon?', tools: { get_weather: weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
      expect(await result.text).toBe('Clear skies in Lisbon.');
      expect(seen).toEqual(['Lisbon']);
      expect(received(fixture.upstream, model, 0).stream).toBe(true);
      expectToolResult(model);
    });
  });
});
