import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { openAISchema } from './support/openapi-schemas.js';
import { itWithSpecs, specsFor } from './support/specs-dir.js';

const SEED_REQUEST = {
  model: 'gpt-4o',
  prompt: 'Write a poem about the ocean.',
  max_tokens: 50,
  temperature: 0.7,
  stop: ['\n'],
};
const SEED_TEXT = 'The ocean whispers secrets to the shore, a timeless dance of waves and lore.';

describe('POST /v1/complete', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway(simulatorEnv(upstream.url));
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('answers the seed example in the seed shape, inside the envelope', async () => {
    upstream.enqueue({ text: SEED_TEXT, finishReason: 'stop', usage: { input: 14, output: 18 } });
    const response = await gateway.request('/v1/complete', { json: SEED_REQUEST });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { success: boolean; data: Record<string, unknown> };
    expect(body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^cmpl-[0-9a-f]{32}$/),
        model: 'gpt-4o',
        served_by: 'gpt-4o',
        choices: [{ text: SEED_TEXT, finish_reason: 'stop' }],
        usage: { prompt_tokens: 14, completion_tokens: 18, total_tokens: 32 },
      },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  itWithSpecs('sends OpenAI a Chat Completions body that validates against CreateChatCompletionRequest', async () => {
    await gateway.request('/v1/complete', { json: { ...SEED_REQUEST, top_p: 0.9 } });
    const [received] = upstream.requests;
    expect(received?.path).toBe('/v1/chat/completions');
    expect(received?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(received?.body).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Write a poem about the ocean.' }],
      max_completion_tokens: 50,
      temperature: 0.7,
      top_p: 0.9,
      stop: ['\n'],
    });
    const validate = openAISchema('CreateChatCompletionRequest');
    expect(validate(received?.body)).toBe(true);
  });

  itWithSpecs('parses a response that validates against CreateChatCompletionResponse, as the simulator sends it', async () => {
    const upstreamBody = {
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1_764_000_000,
      model: 'gpt-4o-2024-08-06',
      system_fingerprint: 'fp_1',
      service_tier: 'default',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: SEED_TEXT, refusal: null, annotations: [] },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 14,
        completion_tokens: 18,
        total_tokens: 32,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    };
    const validate = openAISchema('CreateChatCompletionResponse');
    expect(validate.errors ?? validate(upstreamBody)).toBe(true);
    upstream.enqueue({ body: upstreamBody });
    const body = (await (await gateway.request('/v1/complete', { json: SEED_REQUEST })).json()) as { data: unknown };
    expect(body.data).toMatchObject({ choices: [{ text: SEED_TEXT, finish_reason: 'stop' }], usage: { total_tokens: 32 } });

    // The simulator's own default answer is spec-valid too, so every other suite runs against real shapes.
    const direct = await fetch(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPENAI_KEY}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(validate(await direct.json())).toBe(true);
  });

  const MINIMAL_BODY_SCHEMA = specsFor('a body with only the required fields validates against CreateChatCompletionRequest');
  it('passes to OpenAI only the optional fields the client sent', async () => {
    await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' } });
    expect(upstream.requests[0]?.body).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    if (MINIMAL_BODY_SCHEMA) expect(openAISchema('CreateChatCompletionRequest')(upstream.requests[0]?.body)).toBe(true);
  });

  it('sends a single stop string as a list', async () => {
    await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi', stop: 'END' } });
    expect(upstream.requests[0]?.body).toMatchObject({ stop: ['END'] });
  });

  it('gives every completion its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const body = (await (await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: `n${i}` } })).json()) as {
        data: { id: string };
      };
      ids.add(body.data.id);
    }
    expect(ids.size).toBe(5);
  });

  it('reports finish_reason length when the upstream stopped at max tokens', async () => {
    upstream.enqueue({ text: 'cut', finishReason: 'length' });
    const body = (await (await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi', max_tokens: 1 } })).json()) as {
      data: { choices: { finish_reason: string }[] };
    };
    expect(body.data.choices[0]?.finish_reason).toBe('length');
  });

  it('returns a refusal as text with finish_reason content_filter', async () => {
    upstream.enqueue({
      body: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 },
      },
    });
    const body = (await (await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'x' } })).json()) as {
      data: { choices: { text: string; finish_reason: string }[] };
    };
    expect(body.data.choices).toEqual([{ text: 'I cannot help with that.', finish_reason: 'content_filter' }]);
  });

  describe('claude (Anthropic Messages API)', () => {
    it('maps the request: x-api-key, anthropic-version, max_tokens, stop_sequences, temperature', async () => {
      upstream.enqueue({ text: SEED_TEXT, finishReason: 'end_turn', usage: { input: 12, output: 17 } });
      const response = await gateway.request('/v1/complete', { json: { ...SEED_REQUEST, model: 'claude' } });
      const body = (await response.json()) as { data: unknown };
      expect(response.status).toBe(200);
      expect(body.data).toEqual({
        id: expect.stringMatching(/^cmpl-/),
        model: 'claude',
        served_by: 'claude',
        choices: [{ text: SEED_TEXT, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 17, total_tokens: 29 },
      });
      const [received] = upstream.requests;
      expect(received?.path).toBe('/v1/messages');
      expect(received?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
      expect(received?.headers['anthropic-version']).toBe('2023-06-01');
      expect(received?.headers.authorization).toBeUndefined();
      expect(received?.body).toEqual({
        model: 'claude-sonnet-4-6',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'Write a poem about the ocean.' }],
        stop_sequences: ['\n'],
        temperature: 0.7,
      });
    });

    it("sends the model's default_max_tokens when the client sent none", async () => {
      await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hi' } });
      expect(upstream.requests[0]?.body).toEqual({
        model: 'claude-sonnet-4-6',
        max_tokens: 4096,
        messages: [{ role: 'user', content: 'hi' }],
      });
    });

    it('drops temperature and top_p equal to the default of 1', async () => {
      await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hi', temperature: 1, top_p: 0.5 } });
      expect(upstream.requests[0]?.body).toEqual({
        model: 'claude-sonnet-4-6',
        max_tokens: 4096,
        messages: [{ role: 'user', content: 'hi' }],
        top_p: 0.5,
      });
    });

    it('refuses temperature and top_p together with a 400 naming both, without calling upstream', async () => {
      const response = await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hi', temperature: 0.5, top_p: 0.5 } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string; param: string } };
      expect(body.error.message).toContain("'temperature'");
      expect(body.error.message).toContain("'top_p'");
      expect(body.error.param).toBe('top_p');
      expect(upstream.requests).toHaveLength(0);
    });

    it.each([
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['refusal', 'content_filter'],
      ['tool_use', 'tool_calls'],
      ['model_context_window_exceeded', 'length'],
    ])('maps stop_reason %s to finish_reason %s', async (stopReason, finishReason) => {
      upstream.enqueue({ text: 'x', finishReason: stopReason });
      const body = (await (await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hi' } })).json()) as {
        data: { choices: { finish_reason: string }[] };
      };
      expect(body.data.choices[0]?.finish_reason).toBe(finishReason);
    });

    it('joins the text blocks of the answer and ignores other block types', async () => {
      upstream.enqueue({
        body: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-6',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Hello, ' },
            { type: 'text', text: 'world.' },
          ],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 5, output_tokens: 3 },
        },
      });
      const body = (await (await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hi' } })).json()) as {
        data: { choices: { text: string }[] };
      };
      expect(body.data.choices[0]?.text).toBe('Hello, world.');
    });
  });
});
