import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import OpenAI, { APIError, AuthenticationError, InternalServerError, NotFoundError, RateLimitError } from 'openai';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

// The official OpenAI SDK, public API only, pointed at the gateway: what a team's existing client sees.
const LIMITED_KEY = 'limited-client-key-0123456789';
const fingerprint = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

describe('the official openai SDK against /openai/v1', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let client: OpenAI;

  const sdk = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_API_KEYS: `${CLIENT_KEY},${LIMITED_KEY}`,
      // The limited key gets 2 requests per window (per minute / burst), so its third is refused.
      RATE_LIMIT_OVERRIDES: `${fingerprint(LIMITED_KEY)}=2/2`,
      UPSTREAM_MAX_RETRIES: '0',
    });
    client = sdk(CLIENT_KEY);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('lists and retrieves models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-4o', 'claude']);
    await expect(client.models.retrieve('claude')).resolves.toMatchObject({ id: 'claude', object: 'model', owned_by: 'anthropic' });
  });

  it('creates a chat completion with gpt-4o', async () => {
    upstream.enqueue({ text: 'Hello!', finishReason: 'stop', usage: { input: 4, output: 2 } });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be friendly.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 10,
      temperature: 0.3,
    });
    expect(completion.choices[0]?.message.content).toBe('Hello!');
    expect(completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    expect(upstream.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be friendly.' },
        { role: 'user', content: 'Hi' },
      ],
      max_completion_tokens: 10,
      temperature: 0.3,
    });
  });

  it('creates a chat completion with claude: the system prompt reaches Anthropic top-level', async () => {
    upstream.enqueue({ text: 'Bonjour', finishReason: 'end_turn', usage: { input: 6, output: 1 } });
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(completion).toMatchObject({ model: 'claude', choices: [{ message: { role: 'assistant', content: 'Bonjour' }, finish_reason: 'stop' }] });
    const received = upstream.requests[0];
    expect(received?.path).toBe('/v1/messages');
    expect(received?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(received?.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 4096,
      system: 'Answer in French.',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'Again' },
      ],
    });
  });

  it('creates a legacy completion', async () => {
    upstream.enqueue({ text: 'This is a test.', finishReason: 'length' });
    const completion = await client.completions.create({ model: 'gpt-4o', prompt: 'Say this is a test', max_tokens: 7 });
    expect(completion.choices[0]).toMatchObject({ text: 'This is a test.', finish_reason: 'length' });
  });

  it.each([
    ['gpt-4o', 'openai'],
    ['claude', 'anthropic'],
  ] as const)('streams a chat completion with %s: the text assembled from the chunks, then the usage', async (model, route) => {
    upstream.enqueue({ streamChunks: ['Hello', ', ', 'world!'], usage: { input: 5, output: 3 } }, route);
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Greet the world.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let role: string | undefined;
    const finishReasons: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      role ??= choice?.delta.role;
      text += choice?.delta.content ?? '';
      if (choice) finishReasons.push(choice.finish_reason);
      usage = chunk.usage ?? usage;
    }
    expect({ role, text, finish: finishReasons.at(-1), usage }).toEqual({
      role: 'assistant',
      text: 'Hello, world!',
      finish: 'stop',
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    expect(finishReasons.slice(0, -1).every((reason) => reason === null)).toBe(true);
  });

  it('streams a legacy completion', async () => {
    upstream.enqueue({ streamChunks: ['This ', 'is ', 'a test.'], finishReason: 'length' });
    const stream = await client.completions.create({ model: 'gpt-4o', prompt: 'Say this is a test', max_tokens: 7, stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect({ text, finish }).toEqual({ text: 'This is a test.', finish: 'length' });
  });

  it('throws an APIError from the stream iterator when the upstream fails mid-stream, never a silent truncation', async () => {
    upstream.enqueue({ streamChunks: ['Hello', ' world'], streamFault: { afterPieces: 1, kind: 'cut' } });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(text).toBe('Hello');
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'server_error', code: 'upstream_error', message: expect.stringMatching(/^OpenAI could not be reached \(connection reset/) });
  });

  it('raises AuthenticationError for a bad key', async () => {
    const error = await sdk('not-a-valid-key-000').models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('raises NotFoundError for an unknown model', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found' });
  });

  it('raises an InternalServerError-family error when the upstream is down', async () => {
    upstream.enqueue({ reset: true });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBeGreaterThanOrEqual(500);
    expect((error as APIError).type).toBe('server_error');
  });

  it('raises RateLimitError past the key\'s limit, with Retry-After and OpenAI\'s header names', async () => {
    const limited = sdk(LIMITED_KEY);
    await limited.models.retrieve('gpt-4o');
    await limited.models.retrieve('gpt-4o');
    const error = await limited.models.retrieve('gpt-4o').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const { headers } = error as RateLimitError;
    expect(error).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+s$/);
  });
});
