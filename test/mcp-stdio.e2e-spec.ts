import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { CLIENT_INFO, connectStdio, type StdioConnection } from './mcp/mcp-clients.js';
import { ERAS, serverMessageProblems, type Era } from './mcp/mcp-schemas.js';
import { stdioSession } from './mcp/stdio-session.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv } from './support/gateway-harness.js';
import { specsFor } from './support/specs-dir.js';

const ROOT = join(import.meta.dirname, '..');

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe.each(ERAS)('MCP over stdio (node dist/mcp-stdio.js), protocol %s', (era: Era) => {
  let upstream: UpstreamSimulator;
  let mcp: StdioConnection;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    mcp = await connectStdio(era, { ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '0', MCP_PROGRESS_INTERVAL_MS: '100' } as Record<string, string>);
  });
  afterAll(async () => {
    await mcp?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());
  const schemas = specsFor(`every message the server sent validates against the ${era} schema`);
  afterEach(async () => {
    if (schemas) expect(await mcp.recorder.problems(era)).toEqual([]);
  });

  it(`speaks ${era}`, () => {
    expect(mcp.client.getNegotiatedProtocolVersion()).toBe(era);
    // (For 2026-07-28 the SDK sends its server/discover probe from a short-lived sibling process it launches.)
    if (era === '2025-11-25') expect(mcp.recorder.sentMethods).toContain('initialize');
    else expect(mcp.recorder.sentMethods).not.toContain('initialize');
  });

  it('lists the same two tools as HTTP', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['complete', 'list_models']);
    expect(tools.find((tool) => tool.name === 'complete')?.inputSchema.properties?.model).toMatchObject({ enum: ['gpt-4o', 'claude'] });
  });

  it('calls list_models and complete', async () => {
    const models = await mcp.client.callTool({ name: 'list_models', arguments: {} });
    expect(JSON.parse(textOf(models))).toEqual([
      expect.objectContaining({ id: 'gpt-4o', provider: 'openai', available: true }),
      expect.objectContaining({ id: 'claude', provider: 'anthropic', available: true }),
    ]);
    upstream.enqueue({ text: 'Hello from stdio.', usage: { input: 4, output: 5 } });
    const result = await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'Say hello.', max_tokens: 20 } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('Hello from stdio.');
    expect(result.structuredContent).toMatchObject({ model: 'gpt-4o', usage: { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 } });
    expect(upstream.requests[0]?.body).toMatchObject({ model: 'gpt-4o', max_completion_tokens: 20 });
  });

  it('answers invalid arguments and upstream failures with isError and the REST messages', async () => {
    const invalid = await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi', max_tokens: '20' } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toBe("Invalid 'max_tokens' parameter: must be an integer.");

    upstream.enqueue({ status: 400, body: { error: { message: 'Unsupported value', type: 'invalid_request_error', param: null, code: null } } });
    const failed = await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe('OpenAI rejected the request: Unsupported value');
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    await expect(mcp.client.callTool({ name: 'nope', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('sends progress notifications while a completion runs', async () => {
    upstream.enqueue({ text: 'done', delayMs: 500 });
    const progress: number[] = [];
    await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } }, { onprogress: (update) => progress.push(update.progress) });
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('aborts the upstream request when the client cancels (notifications/cancelled)', async () => {
    upstream.enqueue({ hang: true });
    const controller = new AbortController();
    const call = mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } }, { signal: controller.signal });
    await upstream.waitForRequests(1);
    controller.abort('no longer needed');
    await expect(call).rejects.toThrow();
    await upstream.waitForClientClose(0);
    expect(mcp.recorder.sentMethods).toContain('notifications/cancelled');
  });

  it('logs to stderr only', () => {
    expect(mcp.stderr()).toContain('MCP server ready on stdio');
    expect(mcp.stderr()).toMatch(/tools\/call complete: ok/);
  });
});

describe('stdio wire: nothing but MCP messages on stdout', () => {
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  };
  const sessions: Record<Era, object[]> = {
    '2025-11-25': [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT_INFO } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_models', arguments: {} } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi', top_p: 7 } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'nope', arguments: {} } },
    ],
    '2026-07-28': [
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: envelope } },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: envelope } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_models', arguments: {}, _meta: envelope } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi', top_p: 7 }, _meta: envelope } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'nope', arguments: {}, _meta: envelope } },
    ],
  };
  const METHODS = ['', 'initialize-or-discover', 'tools/list', 'tools/call', 'tools/call', 'tools/call'];
  const schemas = specsFor('every stdout line validates against the schema of its era');

  it.each(ERAS)('%s: every stdout line is a JSON-RPC message valid against the schema; logs go to stderr', async (era: Era) => {
    const session = await stdioSession(sessions[era]);
    expect(session.exitCode).toBe(0);
    const lines = session.stdout.filter((line) => line !== '').map((line) => JSON.parse(line) as { id?: number; method?: string; params?: unknown; result?: unknown });
    // The refused call (id 4) is also reported as a log notification where the era sends logs unasked (2025-11-25:
    // no level set means every level; 2026-07-28 logs only when the request's _meta asks).
    const notifications = lines.filter((message) => message.id === undefined);
    if (schemas) for (const notification of notifications) expect(serverMessageProblems(era, notification)).toEqual([]);
    expect(notifications).toEqual(
      era === '2025-11-25'
        ? [{ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'warning', logger: 'litellm-mcp-server', data: expect.objectContaining({ message: "Invalid 'top_p' parameter: must be between 0 and 1." }) } }]
        : [],
    );
    const messages = lines
      .filter((message): message is typeof message & { id: number } => message.id !== undefined)
      // Calls are answered as they finish, not in the order they were sent.
      .sort((a, b) => a.id - b.id);
    expect(messages.map((message) => message.id)).toEqual([1, 2, 3, 4, 5]);
    for (const message of messages) {
      const method = message.id === 1 ? (era === '2025-11-25' ? 'initialize' : 'server/discover') : METHODS[message.id];
      if (schemas) expect(serverMessageProblems(era, message, method)).toEqual([]);
    }
    if (era === '2026-07-28') expect(messages.slice(0, 4).map((message) => (message.result as { resultType?: string }).resultType)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(messages[3]?.result).toMatchObject({ isError: true, content: [{ type: 'text', text: "Invalid 'top_p' parameter: must be between 0 and 1." }] });
    expect(messages[4]).toMatchObject({ error: { code: -32602 } });
    expect(session.stderr).toContain('MCP server ready on stdio');
    expect(session.stderr).toContain('stdio server stopping (stdin closed)');
  });

  it('fails the start on a bad setting: a message naming it on stderr, nothing on stdout, exit 1', async () => {
    const session = await stdioSession([], { MCP_ALLOWED_ORIGINS: 'not an origin' });
    expect(session.exitCode).toBe(1);
    expect(session.stdout.filter((line) => line !== '')).toEqual([]);
    expect(session.stderr).toContain("Configuration error: MCP_ALLOWED_ORIGINS entry 1 must be an origin like https://app.example.com, got 'not an origin'");
  });
});

describe('npm run --silent mcp:stdio', () => {
  it('serves the tools through the package script (npm -s keeps its banner off stdout)', async () => {
    const transport = new StdioClientTransport({
      command: 'npm',
      args: ['run', '--silent', 'mcp:stdio'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', OPENAI_API_KEY: OPENAI_KEY },
      stderr: 'pipe',
    });
    const client = new Client(CLIENT_INFO);
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['complete', 'list_models']);
    } finally {
      await client.close();
    }
  });

  it('package.json names the stdio entry as a bin, which starts and stops cleanly', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin['litellm-mcp-server-stdio']).toBe('dist/mcp-stdio.js');
    expect(pkg.scripts['mcp:stdio']).toBe('node dist/mcp-stdio.js');
    const child = spawn(process.execPath, [join(ROOT, pkg.bin['litellm-mcp-server-stdio']!)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
