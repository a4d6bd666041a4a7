import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';
import { CompleteRequestDto } from '../src/completions/dto/complete-request.dto.js';
import { CompleteResponseDto } from '../src/completions/dto/complete-response.dto.js';
import { describeProviderKinds } from '../src/docs/provider-enum.js';
import { dtoComponents } from '../src/docs/schema-source.js';
import { HealthDto } from '../src/health/dto/health.dto.js';
import { ModelListDto } from '../src/models/dto/model-info.dto.js';
import { PROVIDERS } from '../src/providers/registry.js';

interface OpenApiDoc {
  openapi: string;
  tags?: { name: string }[];
  paths: Record<string, Record<string, { security?: unknown[]; tags?: string[]; responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>; securitySchemes: Record<string, unknown> };
}

describe('OpenAPI document at /docs-json', () => {
  let gateway: RunningGateway;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    gateway = await startGateway();
    const response = await gateway.request('/docs-json', { auth: false });
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApiDoc;
  });
  afterAll(() => gateway.close());

  it('documents both endpoints behind Bearer auth', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const complete = doc.paths['/v1/complete']?.post;
    const models = doc.paths['/v1/models']?.get;
    expect(complete?.security).toEqual([{ bearer: [] }]);
    expect(models?.security).toEqual([{ bearer: [] }]);
  });

  it('documents every error status in the envelope', () => {
    const complete = doc.paths['/v1/complete']!.post!;
    for (const status of ['200', '400', '401', '413', '415', '429', '502', '503', '504']) {
      expect(complete.responses[status]).toBeDefined();
    }
    expect(JSON.stringify(complete.responses['400'])).toContain('"#/components/schemas/ErrorEnvelope"');
    expect(doc.components.schemas.ErrorBody?.properties).toEqual(
      expect.objectContaining({ code: expect.anything(), message: expect.anything(), type: expect.anything(), param: expect.anything(), request_id: expect.anything() }),
    );
  });

  it('has the request schema with types, ranges, defaults and the example', () => {
    const request = doc.components.schemas.CompleteRequest!;
    expect(request.required).toEqual(['model', 'prompt']);
    expect(request.properties?.max_tokens).toMatchObject({ type: 'integer', minimum: 1 });
    expect(request.properties?.temperature).toMatchObject({ type: 'number', minimum: 0, maximum: 2, default: 1 });
    expect(request.properties?.top_p).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 1 });
    expect(request.properties?.stop).toHaveProperty('anyOf');
    expect(JSON.stringify(doc.paths['/v1/complete']!.post!.requestBody)).toContain('Write a poem about the ocean.');
  });

  it('documents the stream field and the SSE answer of POST /v1/complete', () => {
    expect(doc.components.schemas.CompleteRequest?.properties?.stream).toMatchObject({ type: 'boolean', default: false });
    const ok = doc.paths['/v1/complete']!.post!.responses['200'] as { content?: Record<string, { example?: unknown }> };
    expect(Object.keys(ok.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream']);
    const example = String(ok.content?.['text/event-stream']?.example);
    expect(example).toContain('"finish_reason":null');
    expect(example).toContain('"usage":');
    expect(example.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('has the response schemas', () => {
    expect(Object.keys(doc.components.schemas.CompleteResponse?.properties ?? {})).toEqual(expect.arrayContaining(['id', 'model', 'choices', 'usage']));
    expect(Object.keys(doc.components.schemas.ModelInfo?.properties ?? {})).toEqual(expect.arrayContaining(['id', 'description']));
    expect(JSON.stringify(doc.paths['/v1/models']!.get!.responses['200'])).toContain('"#/components/schemas/ModelList"');
  });

  it('names its schemas as the API\'s own, not after the classes behind them', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['CompleteRequest', 'CompleteResponse', 'ModelList', 'ErrorEnvelope', 'Health']));
    expect(names.filter((name) => name.endsWith('Dto'))).toEqual([]);
  });

  it('has exactly the component schemas the MCP tool schemas are derived from (src/docs/schema-source.ts)', () => {
    for (const dto of [CompleteRequestDto, CompleteResponseDto, ModelListDto, HealthDto]) {
      const components = dtoComponents(dto);
      describeProviderKinds(components, PROVIDERS);
      for (const [name, schema] of Object.entries(components)) expect({ name, schema: doc.components.schemas[name] }).toEqual({ name, schema });
    }
  });

  it('lists the operation groups as a user reads them', () => {
    expect(doc.tags?.map((tag) => tag.name)).toEqual(['completions', 'models', 'OpenAI-compatible', 'Anthropic', 'mcp', 'health', 'operations', 'usage', 'admin']);
    const used = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((operation) => operation.tags ?? [])));
    expect([...used].sort()).toEqual(doc.tags!.map((tag) => tag.name).sort());
  });

  it('puts /metrics under its own METRICS_TOKEN scheme, not the client key', () => {
    expect(doc.components.securitySchemes.metrics).toMatchObject({ type: 'http', scheme: 'bearer', description: expect.stringContaining('METRICS_TOKEN') });
    expect(doc.paths['/metrics']!.get!.security).toEqual([{ metrics: [] }]);
    expect(doc.paths['/metrics']!.get!.responses['401']).toBeDefined();
  });

  it('documents the 401 of /health/providers, which takes a client key', () => {
    expect(doc.paths['/health/providers']!.get!.security).toEqual([{ bearer: [] }]);
    expect(JSON.stringify(doc.paths['/health/providers']!.get!.responses['401'])).toContain('"#/components/schemas/ErrorEnvelope"');
  });

  it('titles its examples for a reader, without internal jargon', () => {
    const summaries = [...JSON.stringify(doc).matchAll(/"summary":"([^"]*)"/g)].map((match) => match[1]!);
    expect(summaries).toContain('Example');
    expect(summaries.filter((summary) => /\bseed\b|\bissue \d/i.test(summary))).toEqual([]);
  });

  it('serves Swagger UI at /docs without a key', async () => {
    const response = await gateway.request('/docs', { auth: false });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });
});
