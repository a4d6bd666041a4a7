import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';
import { responseValidator, type OwnOpenApi } from './support/own-openapi.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// The admin API and GET /v1/usage document their success bodies, and what they really answer validates against
// those schemas: every field present is documented (no other is allowed), every required one is there.
const ADMIN_KEY = 'admin-key-swagger-0123456789';

describe('documented success bodies of the admin API and GET /v1/usage are the real ones', () => {
  let database: TestDatabase;
  let gateway: RunningGateway;
  let doc: OwnOpenApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    gateway = await startGateway({ DATABASE_URL: database.url, GATEWAY_ADMIN_KEYS: ADMIN_KEY, USAGE_FLUSH_MS: '100' });
    doc = (await (await gateway.request('/docs-json', { auth: false })).json()) as OwnOpenApi;
  });
  afterAll(async () => {
    await gateway?.close();
    await database?.drop();
  });

  /** Calls a route as the admin (or `key`), expects `status`, and validates the body against the document. */
  async function call(method: string, path: string, documented: string, status: number, json?: unknown, key = ADMIN_KEY): Promise<Record<string, unknown>> {
    const response = await gateway.request(path, { method: method.toUpperCase(), json, headers: { authorization: `Bearer ${key}` } });
    const body = (await response.json()) as { data: Record<string, unknown> };
    expect({ path, status: response.status }).toEqual({ path, status });
    const validate = responseValidator(doc, documented, method, status);
    expect({ path, errors: validate(body) ? [] : validate.errors }).toEqual({ path, errors: [] });
    return body.data;
  }

  it('documents a 2xx JSON body on every admin route and on GET /v1/usage', () => {
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/admin/v1') || path === '/v1/usage')
      .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ operation: `${method.toUpperCase()} ${path}`, responses: operation.responses })));
    expect(operations.length).toBeGreaterThanOrEqual(13);
    const missing = operations.filter(({ responses }) => !Object.entries(responses).some(([status, response]) => status.startsWith('2') && response.content?.['application/json']?.schema));
    expect(missing.map(({ operation }) => operation)).toEqual([]);
  });

  it('teams, keys, usage and audit answer what the document says', async () => {
    const team = await call('post', '/admin/v1/teams', '/admin/v1/teams', 201, { name: 'research', models: ['gpt-4o'], budget: { max_usd: 10, period: 'month' } });
    await call('get', '/admin/v1/teams', '/admin/v1/teams', 200);
    await call('patch', `/admin/v1/teams/${team.id}`, '/admin/v1/teams/{id}', 200, { budget: null });

    const created = await call('post', '/admin/v1/keys', '/admin/v1/keys', 201, {
      name: 'alice',
      team_id: team.id,
      rate_limit: { per_minute: 100, burst: 10 },
      budget: { max_usd: 5, period: 'day' },
      metadata: { owner: 'alice' },
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const id = String(created.id);
    await call('get', '/admin/v1/keys', '/admin/v1/keys', 200);
    await call('get', `/admin/v1/keys/${id}`, '/admin/v1/keys/{id}', 200);
    await call('patch', `/admin/v1/keys/${id}`, '/admin/v1/keys/{id}', 200, { models: null, rate_limit: null });
    const rotated = await call('post', `/admin/v1/keys/${id}/rotate`, '/admin/v1/keys/{id}/rotate', 200, { grace_seconds: 60 });

    // The key's own view, with a budget and without.
    await call('get', '/v1/usage', '/v1/usage', 200, undefined, String(rotated.key));
    const plain = await call('post', '/admin/v1/keys', '/admin/v1/keys', 201, { name: 'bob' });
    await call('get', '/v1/usage', '/v1/usage', 200, undefined, String(plain.key));

    for (const group of ['key', 'team', 'model', 'day']) await call('get', `/admin/v1/usage?group_by=${group}`, '/admin/v1/usage', 200);
    await call('get', '/admin/v1/audit', '/admin/v1/audit', 200);
    await call('delete', `/admin/v1/keys/${id}`, '/admin/v1/keys/{id}', 200);
    const empty = await call('post', '/admin/v1/teams', '/admin/v1/teams', 201, { name: 'empty' });
    await call('delete', `/admin/v1/teams/${empty.id}`, '/admin/v1/teams/{id}', 200);
  });
});
