import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STDIO_ENTRY } from './mcp/mcp-clients.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

/*
 * The official MCP Inspector CLI (@modelcontextprotocol/inspector, a dev dependency) against the real gateway, over
 * HTTP in both protocol eras and over stdio. Its package declares Node >= 22.19, but the CLI runs on this Node 20.
 */
const INSPECTOR = join(import.meta.dirname, '../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');

interface InspectorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let home: string;

/** Runs `mcp-inspector --cli ...` with HOME in a temporary folder (it keeps a catalog and npm state there). */
function inspector(args: string[]): Promise<InspectorRun> {
  const child = spawn(process.execPath, [INSPECTOR, '--cli', ...args, '-q'], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function json<T>(run: InspectorRun): T {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as T;
}

interface ToolList {
  tools: { name: string }[];
}
interface ToolResult {
  content: { type: string; text: string }[];
  isError?: boolean;
  structuredContent?: unknown;
}

describe('MCP Inspector CLI', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'mcp-inspector-home-'));
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => upstream.clear());

  describe.each(['legacy', 'modern'])('over HTTP, --protocol-era %s', (era) => {
    const http = (): string[] => [`${gateway.url}/mcp`, '--header', `Authorization: Bearer ${CLIENT_KEY}`, '--protocol-era', era];

    it('lists the tools, and --strict finds no schema portability problem', async () => {
      const list = json<ToolList>(await inspector([...http(), '--method', 'tools/list', '--strict']));
      expect(list.tools.map((tool) => tool.name).sort()).toEqual(['complete', 'list_models']);
    });

    it('calls list_models', async () => {
      const result = json<ToolResult>(await inspector([...http(), '--method', 'tools/call', '--tool-name', 'list_models']));
      expect(JSON.parse(result.content[0]!.text)).toEqual([
        expect.objectContaining({ id: 'gpt-4o' }),
        expect.objectContaining({ id: 'claude' }),
      ]);
    });

    it('calls complete with --tool-arg', async () => {
      upstream.enqueue({ text: 'Inspected.', usage: { input: 2, output: 1 } });
      const args = ['--tool-arg', 'model=gpt-4o', '--tool-arg', 'prompt=Say one word.', '--tool-arg', 'max_tokens=5'];
      const result = json<ToolResult>(await inspector([...http(), '--method', 'tools/call', '--tool-name', 'complete', ...args]));
      expect(result.content).toEqual([{ type: 'text', text: 'Inspected.' }]);
      expect(upstream.requests[0]?.body).toMatchObject({ model: 'gpt-4o', max_completion_tokens: 5, messages: [{ role: 'user', content: 'Say one word.' }] });
    });

    it('shows an invalid argument as an error result with the REST message, and exits non-zero', async () => {
      const run = await inspector([...http(), '--method', 'tools/call', '--tool-name', 'complete', '--tool-arg', 'model=gpt-4o', '--tool-arg', 'prompt=hi', '--tool-arg', 'temperature=5']);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain("Invalid 'temperature' parameter: must be between 0 and 2.");
      expect(upstream.requests).toHaveLength(0);
    });

    it('is refused without the key', async () => {
      const run = await inspector([`${gateway.url}/mcp`, '--protocol-era', era, '--method', 'tools/list', '--stored-auth-only']);
      expect(run.code).not.toBe(0);
      expect(run.stdout).not.toContain('"tools"');
    });
  });

  describe('over stdio (node dist/mcp-stdio.js)', () => {
    const stdio = (): string[] => {
      const env = { ...simulatorEnv(upstream.url), OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, LOG_LEVEL: 'warn' };
      return [process.execPath, STDIO_ENTRY, ...Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`])];
    };

    it('lists the tools', async () => {
      const list = json<ToolList>(await inspector([...stdio(), '--method', 'tools/list', '--strict']));
      expect(list.tools.map((tool) => tool.name).sort()).toEqual(['complete', 'list_models']);
    });

    it('calls complete', async () => {
      upstream.enqueue({ text: 'From stdio.' });
      const args = ['--tool-arg', 'model=claude', '--tool-arg', 'prompt=hello'];
      const result = json<ToolResult>(await inspector([...stdio(), '--method', 'tools/call', '--tool-name', 'complete', ...args]));
      expect(result.content).toEqual([{ type: 'text', text: 'From stdio.' }]);
      expect(upstream.requests[0]?.path).toBe('/v1/messages');
    });
  });
});
