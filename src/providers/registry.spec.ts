import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parseApiKeys } from '../auth/api-keys.js';
import { isRecord } from '../common/json.js';
import { ConfigError } from '../config/config-error.js';
import { ConfigModule } from '../config/config.module.js';
import { loadConfig } from '../config/gateway-config.js';
import { modelListFromDocument } from '../config/model-list-file.js';
import { buildOpenApiDocument } from '../docs/swagger.js';
import { completeInputSchema, listModelsOutputSchema } from '../mcp/tool-schemas.js';
import { ModelsModule } from '../models/models.module.js';
import { ModelsService } from '../models/models.service.js';
import type { ProviderDefinition } from './provider-definition.js';
import { ProvidersService } from './providers.service.js';
import { PROVIDERS, ProviderRegistry } from './registry.js';
import { UpstreamTransport } from './transport/upstream-transport.js';

/**
 * The recipe of docs/providers.md, followed in a spec: a provider defined here, registered next to the built-in
 * ones, reaches config validation, model-list parsing, GET /v1/models, the Swagger enum and the MCP tools.
 */
const FAKE: ProviderDefinition = {
  kind: 'fakellm',
  label: 'FakeLLM',
  settings: {
    apiKey: { env: 'FAKELLM_API_KEY', kind: 'secret', description: 'Key.' },
    baseUrl: { env: 'FAKELLM_BASE_URL', kind: 'url', default: 'https://fake.example/v1', description: 'Base URL.' },
  },
  modelFields: {},
  builtinModels: [
    { id: 'fake-1', description: 'A fake model.', provider: 'fakellm', upstream_model: 'f1', max_output_tokens: 100, default_max_tokens: 50 },
  ],
  parameters: { accepts: { max_tokens: { wire: 'max_new_tokens' }, temperature: { wire: 'temperature', max: 0.5 } } },
  capabilities: { tools: false, vision: false, json_schema: false },
  finishReasons: { done: 'stop' },
  credential: (_model, { settings }) => ({ env: 'FAKELLM_API_KEY', value: settings.apiKey }),
  buildRequest: (model, { messages }, params, { settings }) => ({
    url: `${settings.baseUrl}/generate`,
    headers: {},
    body: { model: model.upstream_model, prompt: messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n'), ...params },
  }),
  probe: (_model, { settings }) => ({ url: `${settings.baseUrl}/models`, headers: {} }),
  readResult: () => 'not used here',
  errorMessage: () => undefined,
};

const WITH_FAKE = new ProviderRegistry([...PROVIDERS.definitions, FAKE]);
const ENV = { GATEWAY_API_KEYS: 'a-client-key-0123456789', FAKELLM_API_KEY: 'fk', LOG_LEVEL: 'silent' };

describe('registering an extra provider definition', () => {
  it('reads and validates its settings in the config layer', () => {
    const config = loadConfig(ENV, parseApiKeys, WITH_FAKE);
    expect(config.providers.settings.fakellm).toEqual({ apiKey: 'fk', baseUrl: 'https://fake.example/v1' });
    expect(() => loadConfig({ ...ENV, FAKELLM_BASE_URL: 'ftp://x' }, parseApiKeys, WITH_FAKE)).toThrow(ConfigError);
    expect(() => loadConfig({ ...ENV, FAKELLM_BASE_URL: 'ftp://x' }, parseApiKeys, WITH_FAKE)).toThrow('FAKELLM_BASE_URL must be an http(s) URL');
    // The built-in registry does not know the variable, so it is not read.
    expect(loadConfig({ ...ENV, FAKELLM_BASE_URL: 'ftp://x' }, parseApiKeys).providers.settings.fakellm).toBeUndefined();
  });

  it('serves its built-in models and accepts its kind in the model-list file', () => {
    expect(loadConfig(ENV, parseApiKeys, WITH_FAKE).models.map((m) => m.id)).toEqual(['gpt-4o', 'claude', 'fake-1']);
    const doc = { builtin_models: false, models: [{ id: 'f2', provider: 'fakellm', upstream_model: 'f2' }] };
    expect(modelListFromDocument(doc, 'f', WITH_FAKE)).toEqual([expect.objectContaining({ id: 'f2', provider: 'fakellm' })]);
    expect(() => modelListFromDocument(doc, 'f')).toThrow('provider must be one of openai, anthropic, openai-compatible');
    expect(() => modelListFromDocument({ models: [{ ...doc.models[0], base_url: 'http://h' }] }, 'f', WITH_FAKE)).toThrow(
      'base_url applies only to provider openai-compatible',
    );
  });

  it('states its kind and rules in the MCP tool schemas', () => {
    const models = loadConfig(ENV, parseApiKeys, WITH_FAKE).models;
    const items = listModelsOutputSchema(WITH_FAKE).items;
    expect(isRecord(items) && isRecord(items.properties) && items.properties.provider).toMatchObject({
      enum: ['openai', 'anthropic', 'openai-compatible', 'fakellm'],
    });
    const input = completeInputSchema(models, WITH_FAKE);
    const temperature = isRecord(input.properties) ? input.properties.temperature : undefined;
    expect(temperature).toMatchObject({ maximum: 2 });
    expect(isRecord(temperature) && temperature.description).toContain('0 to 0.5 for fake-1');
  });

  it('lists it in GET /v1/models and in the Swagger enum, from the configuration the application runs with', async () => {
    // The models feature as the gateway assembles it (the whole AppModule needs ESM-only packages jest cannot load).
    @Module({ imports: [ConfigModule.forRoot(loadConfig(ENV, parseApiKeys, WITH_FAKE)), ModelsModule] })
    class ModelsApp {}
    const app = await NestFactory.create(ModelsApp, new FastifyAdapter(), { logger: false });
    try {
      expect(app.get(ModelsService).list().models).toContainEqual(
        { id: 'fake-1', description: 'A fake model.', provider: 'fakellm', max_output_tokens: 100, available: true, supports_tools: false, supports_vision: false, supports_json_schema: false },
      );
      const schema = buildOpenApiDocument(app).components?.schemas?.ModelInfo;
      expect(schema).toMatchObject({ properties: { provider: { enum: ['openai', 'anthropic', 'openai-compatible', 'fakellm'] } } });
    } finally {
      await app.close();
    }
  });

  it('gives a provider without a stream transform no streaming attempt (its models answer 400 naming stream)', () => {
    const config = loadConfig(ENV, parseApiKeys, WITH_FAKE);
    const providers = new ProvidersService(config, new UpstreamTransport(config));
    const fake = config.models.find((m) => m.id === 'fake-1')!;
    expect(providers.prepare(fake, { messages: [{ role: 'user', content: 'p' }] }).openStream).toBeUndefined();
    // Every built-in provider streams.
    expect(PROVIDERS.definitions.map((d) => [d.kind, d.stream !== undefined])).toEqual([['openai', true], ['anthropic', true], ['openai-compatible', true]]);
  });
});
