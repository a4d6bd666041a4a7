import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';

const ROOT = join(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
/** GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces to '-'. */
const anchorsOf = (markdown: string): string[] =>
  [...markdown.matchAll(/^#+ (.+)$/gm)].map((match) => match[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));

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

describe('what the README tells a newcomer to type', () => {
  const readme = read('README.md');
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('names only npm scripts that exist, the stdio server among them', () => {
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((match) => match[1]!);
    expect(named).toContain('mcp:stdio');
    expect(named.filter((name) => scripts[name] === undefined)).toEqual([]);
  });

  it('streams with curl -sN, and says how the JS snippet runs as an ES module', () => {
    // The streamed example: a curl command whose continuation line sends "stream": true.
    const streamed = /^curl[^\n]*\n[^\n]*"stream": true/m.exec(readme)?.[0] ?? '';
    expect(streamed).toMatch(/^curl -sN /);
    expect(readme).not.toMatch(/curl -N /);
    const js = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(js).toMatch(/\.mjs|"type": "module"/);
  });

  it('spells out both base URLs: OpenAI\'s with /v1, Anthropic\'s without', () => {
    expect(readme).toMatch(/\| `OPENAI_BASE_URL` \| `https:\/\/api\.openai\.com\/v1` \|[^\n]*\*\*with\*\* `\/v1`: `http:\/\/[^`]+\/v1` \|/);
    expect(readme).toMatch(/\| `ANTHROPIC_BASE_URL` \| `https:\/\/api\.anthropic\.com` \|[^\n]*\*\*without\*\* `\/v1`: `http:\/\/[^`/]+:\d+` /);
  });

  it('shows the benchmark as ratios without internal targets, and links the full table', () => {
    const bench = readme.slice(readme.indexOf('## Benchmark'), readme.indexOf('<!-- bench:end -->'));
    expect(bench).toContain('](docs/benchmarks.md)');
    expect(bench).toMatch(/\d\.\d\d×/);
    expect(bench).not.toMatch(/issue \d|missed|target/i);
  });

  it('says where SPECS_DIR comes from and what happens on an older Node', () => {
    expect(readme).toMatch(/`SPECS_DIR` names a\s+folder[\s\S]{0,400}\(needs SPECS_DIR\)/);
    expect(readme).toMatch(/older Node[\s\S]{0,200}EBADENGINE/);
  });

  it('links docs sections by anchors that exist', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#\s]+)#([^)\s]+)\)/g)].map((match) => [match[1]!, match[2]!] as const);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter(([file, anchor]) => !anchorsOf(read(file)).includes(anchor))).toEqual([]);
  });
});
