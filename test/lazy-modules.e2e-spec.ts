import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startGateway, type Env, type RunningGateway } from './support/gateway-harness.js';

/** Packages a gateway without DATABASE_URL, REDIS_URL or LOG_FORMAT=pretty loads only when a feature is used. */
const LOADED_ON_USE = ['@modelcontextprotocol/server', '@modelcontextprotocol/node', 'zod', 'kysely', 'pg', 'axios', '@nestjs/axios', 'ioredis', 'pino-pretty'];

const HOOK = pathToFileURL(join(import.meta.dirname, 'support/loaded-packages.mjs')).href;

/** Runs the built gateway with the recording hook, lets `use` talk to it, stops it and answers what it loaded. */
async function packagesLoaded(use: (gateway: RunningGateway) => Promise<void>, env: Env = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-loaded-'));
  const file = join(dir, 'packages.txt');
  try {
    const gateway = await startGateway({ ...env, NODE_OPTIONS: `--import=${HOOK}`, LOADED_PACKAGES_FILE: file });
    try {
      await use(gateway);
    } finally {
      await gateway.close();
    }
    return readFileSync(file, 'utf8').split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// docs/decisions/0005-lazy-modules.md: what REST never uses is not loaded at start, and loads when first used.
describe('modules loaded on first use', () => {
  it('a REST-only process never loads the MCP SDK, the database layer, axios, ioredis or pino-pretty', async () => {
    const loaded = await packagesLoaded(async (gateway) => {
      expect((await gateway.request('/v1/models')).status).toBe(200);
      expect((await gateway.request('/health/ready', { auth: false })).status).toBe(200);
    });
    expect(loaded).toContain('fastify'); // the hook saw the process's packages
    expect(loaded.filter((name) => LOADED_ON_USE.includes(name))).toEqual([]);
  });

  it('the first /mcp request loads the MCP SDK and is served; the first provider probe loads axios', async () => {
    const loaded = await packagesLoaded(async (gateway) => {
      const response = await gateway.request('/mcp', {
        headers: { accept: 'application/json, text/event-stream' },
        json: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('"serverInfo"');
      expect(text).toContain('litellm-mcp-server');
      // No upstream listens there: the probe reports it unreachable, through axios.
      expect((await gateway.request('/health/providers')).status).toBe(200);
    }, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(loaded).toEqual(expect.arrayContaining(['@modelcontextprotocol/server', '@modelcontextprotocol/node', 'axios', '@nestjs/axios']));
    expect(loaded.filter((name) => ['kysely', 'pg', 'ioredis'].includes(name))).toEqual([]);
  });
});
