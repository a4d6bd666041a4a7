import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, startGateway } from './support/gateway-harness.js';

function boot(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-config-')), 'models.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration is validated once at boot', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }, /PORT must be a whole number/],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '-5' }, /MAX_BODY_BYTES must be a whole number/],
    ['OPENAI_BASE_URL', { OPENAI_BASE_URL: 'ftp://example' }, /OPENAI_BASE_URL must be an http\(s\) URL/],
    ['ANTHROPIC_BASE_URL with credentials', { ANTHROPIC_BASE_URL: 'https://u:p@api.anthropic.com' }, /ANTHROPIC_BASE_URL must not carry credentials/],
    ['GATEWAY_API_KEYS hash', { GATEWAY_API_KEYS: 'sha256:xyz' }, /GATEWAY_API_KEYS entry 1 must be sha256: followed by 64 hex digits/],
    ['GATEWAY_CONFIG missing file', { GATEWAY_CONFIG: '/nonexistent/models.yaml' }, /GATEWAY_CONFIG: cannot read \/nonexistent\/models.yaml/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    ['SHUTDOWN_GRACE_MS', { SHUTDOWN_GRACE_MS: '1e3' }, /SHUTDOWN_GRACE_MS must be a whole number/],
    ['MAX_JSON_DEPTH', { MAX_JSON_DEPTH: '5000' }, /MAX_JSON_DEPTH must be between 2 and 256/],
    // Checked by the MCP module while the application starts, after the environment was read.
    ['MCP_ALLOWED_ORIGINS', { MCP_ALLOWED_ORIGINS: 'not a url' }, /MCP_ALLOWED_ORIGINS/],
  ])('a bad %s stops the start with a message naming it', (_name, env, message) => {
    const result = boot({ GATEWAY_API_KEYS: 'some-client-key', ...env });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['unknown provider', 'models:\n  - id: x\n    provider: cohere\n    upstream_model: c\n', /models\[0\]\.provider must be one of openai, anthropic, openai-compatible/],
    ['unknown field', 'models:\n  - id: x\n    provider: openai\n    upstream_model: c\n    max_token: 5\n', /models\[0\]\.max_token is not a known field/],
    ['compatible without base_url', 'models:\n  - id: x\n    provider: openai-compatible\n    upstream_model: c\n', /models\[0\]\.base_url is required/],
    ['default above max', 'models:\n  - id: x\n    provider: openai\n    upstream_model: c\n    max_output_tokens: 10\n    default_max_tokens: 20\n', /default_max_tokens must not exceed max_output_tokens/],
    ['duplicate id', 'models:\n  - id: x\n    provider: openai\n    upstream_model: c\n  - id: x\n    provider: openai\n    upstream_model: d\n', /models\[1\]\.id 'x' appears twice/],
    ['not YAML', 'models: [unclosed\n', /is not valid YAML/],
    ['empty list without built-ins', 'builtin_models: false\nmodels: []\n', /the model list is empty/],
  ])('a model list with %s stops the start', (_name, text, message) => {
    const result = boot({ GATEWAY_API_KEYS: 'some-client-key', GATEWAY_CONFIG: yamlFile(text) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('builtin_models: false keeps only the file models', async () => {
    const file = yamlFile('builtin_models: false\nmodels:\n  - id: only\n    provider: openai\n    upstream_model: gpt-4o-mini\n');
    const gateway = await startGateway({ GATEWAY_CONFIG: file });
    try {
      const body = (await (await gateway.request('/v1/models')).json()) as { data: { models: { id: string }[] } };
      expect(body.data.models.map((m) => m.id)).toEqual(['only']);
    } finally {
      await gateway.close();
    }
  });

  it('without GATEWAY_API_KEYS it generates one key, logs it once, and accepts it', async () => {
    const gateway = await startGateway({ GATEWAY_API_KEYS: '' });
    try {
      const lines = gateway.logs.filter((line) => line.includes('generated an API key'));
      expect(lines).toHaveLength(1);
      const key = /(sk-gw-[A-Za-z0-9_-]+)/.exec(lines[0]!)?.[1];
      expect(key).toBeDefined();
      expect((await gateway.request('/v1/models', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      expect((await gateway.request('/v1/models')).status).toBe(401);
    } finally {
      await gateway.close();
    }
  });

  it('accepts a key given as its sha256 hash', async () => {
    const gateway = await startGateway({
      // sha256("hashed-client-key")
      GATEWAY_API_KEYS: 'sha256:8deb6bf2d18273d8f0746a49604176be68ca4aa338ddcb819618f4953e0c567c, plain-key-123',
    });
    try {
      expect((await gateway.request('/v1/models', { headers: { authorization: 'Bearer hashed-client-key' } })).status).toBe(200);
      expect((await gateway.request('/v1/models', { headers: { authorization: 'Bearer plain-key-123' } })).status).toBe(200);
      expect((await gateway.request('/v1/models', { headers: { authorization: 'Bearer sha256:8deb6bf2d18273d8f0746a49604176be68ca4aa338ddcb819618f4953e0c567c' } })).status).toBe(401);
    } finally {
      await gateway.close();
    }
  });
});
