import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { loadConfig } from '../config/gateway-config.js';
import { parseApiKeys } from '../auth/api-keys.js';
import { ProvidersService } from './providers.service.js';
import { UpstreamTransport } from './transport/upstream-transport.js';

// Every refusal here happens in prepare(), before any attempt: the transport is never asked to connect.
const config = loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, parseApiKeys);
const transport = new UpstreamTransport(config);
const providers = new ProvidersService(config, transport);
const model = (id: string) => config.models.find((m) => m.id === id)!;


describe('ProvidersService.prepare: checks before attempts', () => {
  it('refuses a model without credentials with a 503 naming the variable', () => {
    expect(providers.missingCredential(model('claude'))).toBe('ANTHROPIC_API_KEY');
    expect(() => providers.prepare(model('claude'), { messages: [{ role: 'user', content: 'p' }] })).toThrow(expect.objectContaining({
      status: 503,
      type: 'service_unavailable',
      message: "Model 'claude' is unavailable: the gateway has no ANTHROPIC_API_KEY configured.",
    }));
  });

  it("refuses what the provider's rules refuse", () => {
    expect(() => providers.prepare(model('gpt-4o'), { messages: [{ role: 'user', content: 'p' }], temperature: 2.5 })).toThrow(expect.objectContaining({ status: 400, param: 'temperature' }));
    expect(() => providers.prepare(model('gpt-4o'), { messages: [{ role: 'user', content: 'p' }], max_tokens: 16385 })).toThrow(expect.objectContaining({ status: 400, param: 'max_tokens' }));
  });

  it('hands back a call labelled with the provider', () => {
    expect(providers.prepare(model('gpt-4o'), { messages: [{ role: 'user', content: 'p' }] }).label).toBe('OpenAI');
  });
});

describe('ProvidersService: pass-through and embeddings', () => {
  const passthrough = { format: 'anthropic-messages' as const, body: { model: 'gpt-4o' }, headers: {} };

  it('a provider without the pass-through slot gets the translation, or the reason there is none', () => {
    expect(providers.prepare(model('gpt-4o'), { messages: [{ role: 'user', content: 'p' }], passthrough }).label).toBe('OpenAI');
    const untranslatable = new ApiError(400, 'top_k: cannot be translated', 'invalid_request_error', 'top_k');
    expect(() => providers.prepare(model('gpt-4o'), { messages: [], passthrough: { ...passthrough, untranslatable } })).toThrow(untranslatable);
  });

  it('holds the model\'s max_output_tokens for a request sent as is', () => {
    const claude = { ...model('claude'), max_output_tokens: 100 };
    const withKey = new ProvidersService(loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ANTHROPIC_API_KEY: 'k' }, parseApiKeys), transport);
    const asSent = { format: 'anthropic-messages' as const, body: { model: 'claude', max_tokens: 101 }, headers: {} };
    expect(() => withKey.prepare(claude, { messages: [], max_tokens: 101, passthrough: asSent })).toThrow(expect.objectContaining({ status: 400, param: 'max_tokens' }));
    expect(withKey.prepare(claude, { messages: [], max_tokens: 100, passthrough: asSent }).label).toBe('Anthropic');
  });

  it("holds the model list's capability flags for a request sent as is (400 naming model and capability)", () => {
    const withKey = new ProvidersService(loadConfig({ GATEWAY_API_KEYS: 'a-client-key-0123456789', ANTHROPIC_API_KEY: 'k' }, parseApiKeys), transport);
    const plain = { ...model('claude'), supports_tools: false, supports_vision: false, supports_json_schema: false };
    const asSent = (needs: { tools: boolean; vision: boolean; json_schema: boolean }) => ({ messages: [], max_tokens: 5, passthrough: { format: 'anthropic-messages' as const, body: { model: 'claude' }, headers: {}, needs } });
    const none = { tools: false, vision: false, json_schema: false };
    expect(() => withKey.prepare(plain, asSent({ ...none, tools: true }))).toThrow(expect.objectContaining({ status: 400, param: 'tools', message: expect.stringContaining("Model 'claude' does not support tools") }));
    expect(() => withKey.prepare(plain, asSent({ ...none, vision: true }))).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('supports_vision') }));
    expect(() => withKey.prepare(plain, asSent({ ...none, json_schema: true }))).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('supports_json_schema') }));
    expect(withKey.prepare(plain, asSent(none)).label).toBe('Anthropic');
    expect(withKey.prepare(model('claude'), asSent({ tools: true, vision: true, json_schema: true })).label).toBe('Anthropic');
  });

  it('refuses embeddings of a chat model, and chat with an embedding model, naming the model', () => {
    expect(() => providers.prepareEmbedding(model('gpt-4o'), { input: 'x' })).toThrow(expect.objectContaining({ status: 400, param: 'model', message: expect.stringContaining("Model 'gpt-4o' is not an embedding model") }));
    const embedding = { ...model('gpt-4o'), id: 'small', mode: 'embedding' as const };
    expect(() => providers.prepare(embedding, { messages: [{ role: 'user', content: 'p' }] })).toThrow(expect.objectContaining({ status: 400, param: 'model' }));
    expect(providers.prepareEmbedding(embedding, { input: 'x' }).label).toBe('OpenAI');
  });
});
