import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';

interface Operation {
  operationId?: string;
  security?: unknown[];
  description?: string;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
}

describe('links a newcomer finds: GET /, the security scheme, /mcp and the health routes in the OpenAPI document', () => {
  let gateway: RunningGateway;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    gateway = await startGateway();
    doc = (await (await gateway.request('/docs-json', { auth: false })).json()) as OpenApiDoc;
  });
  afterAll(() => gateway.close());

  it('GET / redirects to /docs without a key, with the links in an envelope body for curl', async () => {
    const response = await gateway.request('/', { auth: false, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/docs');
    expect(await response.json()).toMatchObject({ success: true, data: { docs: '/docs', openapi: '/docs-json', mcp: '/mcp', health: { ready: '/health/ready' } } });
    const followed = await gateway.request('/', { auth: false });
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('swagger-ui');
  });

  it('the bearer scheme does not claim JWT for opaque keys', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.bearer).not.toHaveProperty('bearerFormat');
  });

  it('documents /mcp with the JSON-RPC exchange and a pointer to the MCP docs', () => {
    const mcp = doc.paths['/mcp']?.post;
    expect(mcp?.security).toEqual([{ bearer: [] }]);
    expect(mcp?.description).toContain('docs/mcp-conformance.md');
    expect(mcp?.requestBody?.content['application/json']?.example).toMatchObject({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'complete' } });
    expect(mcp?.responses['200']?.content?.['application/json']?.example).toMatchObject({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text' }] } });
  });

  it('documents the health routes: live and ready public, providers behind the key', () => {
    expect(doc.paths['/health/live']?.get?.security).toBeUndefined();
    expect(doc.paths['/health/ready']?.get?.responses['503']).toBeDefined();
    expect(doc.paths['/health/providers']?.get?.security).toEqual([{ bearer: [] }]);
  });
});
