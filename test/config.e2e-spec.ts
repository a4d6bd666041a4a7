import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port.js';
import { MAIN, startGateway } from './support/gateway-harness.js';
import { PG_SERVER } from './support/test-database.js';

function boot(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** Like boot, without blocking this process: a server the test holds open must keep answering meanwhile. */
function bootAsync(env: Record<string, string>): Promise<{ status: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.once('close', (status) => {
    clearTimeout(timer);
    resolve({ status, ...output });
  }));
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
    ['OPENAI_BASE_URL', { OPENAI_BASE_URL: 'ftp://example' }, /OPENAI_BASE_URL must be an http\(s\) URL, got 'ftp:\/\/example'/],
    ['REDIS_URL, echoed without its password', { REDIS_URL: 'http://:hunter2-secret@cache:6379' }, /REDIS_URL must use redis:\/\/ or rediss:\/\/, got 'http:\/\/\[redacted\]@cache:6379'/],
    ['DATABASE_URL, echoed without its password', { DATABASE_URL: 'gateway:hunter2-secret@db/gateway' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, got '\[redacted\]@db\/gateway'/],
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
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('a PORT already in use stops the start in one line, without a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await bootAsync({ GATEWAY_API_KEYS: 'some-client-key', PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^Configuration error: PORT ${port} is already in use \\(`, 'm'));
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // The one line is all: no framework error line about it on stdout.
      expect(result.stdout).not.toContain('EADDRINUSE');
    } finally {
      taken.close();
    }
  });

  it.each([
    ['an unreachable database', async () => `postgres://gateway:hunter2-secret@127.0.0.1:${await freePort()}/gateway`, /DATABASE_URL: could not connect to PostgreSQL at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
    ['a database that does not exist', async () => `${PG_SERVER}/no_such_database_${process.pid}`, /DATABASE_URL: could not connect to PostgreSQL at [^:]+:\d+: database "no_such_database_\d+" does not exist/],
  ])('%s stops the start saying it could not connect', async (_name, url, message) => {
    const result = await bootAsync({ GATEWAY_API_KEYS: 'some-client-key', DATABASE_URL: await url(), DATABASE_TIMEOUT_MS: '2000' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('could not be migrated');
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('warns at start about admin keys without a database and a base URL path that looks wrong, and shows a browsable address', async () => {
    const gateway = await startGateway({
      HOST: '0.0.0.0',
      GATEWAY_ADMIN_KEYS: 'an-admin-key-0123456789',
      ANTHROPIC_BASE_URL: 'https://api.anthropic.com/v1',
      OPENAI_BASE_URL: 'https://api.openai.com/v1/v1',
    });
    try {
      const warnings = gateway.logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40).map((line) => line.msg);
      expect(warnings).toEqual(
        expect.arrayContaining([
          'GATEWAY_ADMIN_KEYS is set but DATABASE_URL is not: the admin API answers 503 until a database is configured',
          expect.stringMatching(/^ANTHROPIC_BASE_URL ends in '\/v1'/),
          expect.stringMatching(/^OPENAI_BASE_URL repeats '\/v1' in its path/),
        ]),
      );
      expect(gateway.logs.join('\n')).toContain(`Gateway listening on http://localhost:${gateway.port} (docs at /docs)`);
    } finally {
      await gateway.close();
    }
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
