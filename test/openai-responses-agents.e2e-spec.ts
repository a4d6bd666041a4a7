import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAI } from '@ai-sdk/openai';
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool as agentTool } from '@openai/agents';
import { generateText, stepCountIs, streamText, tool as aiTool } from 'ai';
import OpenAI from 'openai';
import { z } from 'zod';
import type { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { AGENT_MODELS, isAnthropic, received, startAgentsFixture, type AgentsFixture } from './support/agents-fixture.js';

// Client libraries whose default model speaks the Responses API, unchanged but for the base URL: the OpenAI
// Agents SDK (OpenAIResponsesModel through setDefaultOpenAIClient) and @ai-sdk/openai's `openai('…')`, each
// running a function tool on gpt-4o, claude and an openai-compatible model.
const ROUTES = AGENT_MODELS.map((model) => [model, isAnthropic(model) ? 'anthropic' : 'openai'] as const);
const callId = (route: 'openai' | 'anthropic'): string => (route === 'openai' ? 'call_rome' : 'toolu_rome');

describe('agent libraries on /openai/v1/responses', () => {
  let upstream: UpstreamSimulator;
  let fixture: AgentsFixture;
  const cities: string[] = [];
  // The agents' one tool, for both tests that run one: it records the cities it was asked about.
  const weather = agentTool({
    name: 'weather',
    description: 'The weather of a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => {
      cities.push(city);
      return `22C in ${city}`;
    },
  });

  beforeAll(async () => {
    fixture = await startAgentsFixture();
    upstream = fixture.upstream;
    setTracingDisabled(true);
    setDefaultOpenAIClient(new OpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey, maxRetries: 0 }));
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    upstream.clear();
    cities.length = 0;
  });

  /** The second upstream request carries the call and the tool's result, in that upstream's own format. */
  function expectToolResultSent(route: 'openai' | 'anthropic', result: string): void {
    expect(upstream.requests).toHaveLength(2);
    const messages = (upstream.requests[1]?.body as { messages: unknown[] }).messages;
    if (route === 'openai') {
      expect(messages.slice(-2)).toEqual([
        expect.objectContaining({ role: 'assistant', tool_calls: [expect.objectContaining({ id: 'call_rome', function: { name: 'weather', arguments: '{"city":"Rome"}' } })] }),
        { role: 'tool', tool_call_id: 'call_rome', content: result },
      ]);
    } else {
      expect(messages.slice(-2)).toEqual([
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_rome', name: 'weather', input: { city: 'Rome' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_rome', content: result }] },
      ]);
    }
  }

  it.each(ROUTES)('the OpenAI Agents SDK runs an agent with a function tool on %s', async (model, route) => {
    const agent = new Agent({ name: 'Forecaster', instructions: 'Use the weather tool.', model, tools: [weather] });
    upstream.enqueue({ toolCalls: [{ id: callId(route), name: 'weather', arguments: { city: 'Rome' } }] }, route);
    upstream.enqueue({ text: 'Rome: 22C.' }, route);
    const result = await run(agent, 'Weather in Rome?');
    expect(result.finalOutput).toBe('Rome: 22C.');
    expect(cities).toEqual(['Rome']);
    expectToolResultSent(route, '22C in Rome');
  });

  it.each(ROUTES)('@ai-sdk/openai\'s default model runs a tool round trip on %s', async (model, route) => {
    const openai = createOpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey });
    upstream.enqueue({ toolCalls: [{ id: callId(route), name: 'weather', arguments: { city: 'Rome' } }] }, route);
    upstream.enqueue({ text: 'Rome: 22C.' }, route);
    const result = await generateText({
      model: openai(model),
      prompt: 'Weather in Rome?',
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      tools: {
        weather: aiTool({
          description: 'The weather of a city',
          inputSchema: z.object({ city: z.string() }),
          execute: ({ city }) => {
            cities.push(city);
            return Promise.resolve(`22C in ${city}`);
          },
        }),
      },
    });
    expect(result.text).toBe('Rome: 22C.');
    expect(cities).toEqual(['Rome']);
    received(upstream, model, 0);
    expectToolResultSent(route, '22C in Rome');
  });

  it.each(ROUTES)('both stream a text answer from our events on %s', async (model, route) => {
    upstream.enqueue({ streamChunks: ['Ciao', ' da', ' Roma'] }, route);
    const streamed = await run(new Agent({ name: 'Greeter', model }), 'Greet me.', { stream: true });
    let agentText = '';
    for await (const chunk of streamed.toTextStream()) agentText += chunk;
    await streamed.completed;
    expect(agentText).toBe('Ciao da Roma');
    expect(streamed.finalOutput).toBe('Ciao da Roma');

    upstream.enqueue({ streamChunks: ['Ciao', ' da', ' Roma'] }, route);
    const openai = createOpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey });
    const result = streamText({ model: openai(model), prompt: 'Greet me.', maxRetries: 0 });
    let aiText = '';
    for await (const chunk of result.textStream) aiText += chunk;
    expect(aiText).toBe('Ciao da Roma');
    expect(await result.finishReason).toBe('stop');
  });

  it.each(ROUTES)('both run a tool from a streamed answer on %s', async (model, route) => {
    upstream.enqueue({ toolCalls: [{ id: callId(route), name: 'weather', arguments: { city: 'Rome' } }] }, route);
    upstream.enqueue({ streamChunks: ['Rome:', ' 22C.'] }, route);
    const streamed = await run(new Agent({ name: 'Forecaster', model, tools: [weather] }), 'Weather in Rome?', { stream: true });
    for await (const event of streamed) void event;
    await streamed.completed;
    expect(streamed.finalOutput).toBe('Rome: 22C.');
    expectToolResultSent(route, '22C in Rome');

    upstream.clear();
    upstream.enqueue({ toolCalls: [{ id: callId(route), name: 'weather', arguments: { city: 'Rome' } }] }, route);
    upstream.enqueue({ streamChunks: ['Rome:', ' 22C.'] }, route);
    const openai = createOpenAI({ baseURL: fixture.baseURL, apiKey: fixture.apiKey });
    const result = streamText({
      model: openai(model),
      prompt: 'Weather in Rome?',
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      tools: { weather: aiTool({ description: 'The weather of a city', inputSchema: z.object({ city: z.string() }), execute: ({ city }) => Promise.resolve(`22C in ${city}`) }) },
    });
    let text = '';
    for await (const chunk of result.textStream) text += chunk;
    expect(text).toBe('Rome: 22C.');
    expectToolResultSent(route, '22C in Rome');
    expect(cities).toEqual(['Rome']);
  });

  it.each(ROUTES)('the Agents SDK continues a run with previousResponseId on %s (the gateway supplies the history)', async (model, route) => {
    const agent = new Agent({ name: 'Geographer', model });
    upstream.enqueue({ text: 'Paris.' }, route);
    const first = await run(agent, 'Capital of France?');
    expect(first.lastResponseId).toMatch(/^resp_/);
    upstream.enqueue({ text: 'About 2 million.' }, route);
    const second = await run(agent, 'Its population?', { previousResponseId: first.lastResponseId });
    expect(second.finalOutput).toBe('About 2 million.');
    const messages = received(upstream, model, 1).messages as { role: string }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]).toEqual({ role: 'user', content: 'Capital of France?' });
  });
});
