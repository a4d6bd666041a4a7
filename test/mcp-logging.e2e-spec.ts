import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { LOG_LEVEL_META_KEY, type CallToolResult } from '@modelcontextprotocol/client';
import { connectHttp, type HttpConnection } from './mcp/mcp-clients.js';
import { ERAS, type Era } from './mcp/mcp-schemas.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface LogMessage {
  level: string;
  logger?: string;
  data: { message: string; [field: string]: unknown };
}

/** The notifications/message the client received since `from` (index into the recorder). */
async function logsSince(mcp: HttpConnection, from: number): Promise<LogMessage[]> {
  await mcp.recorder.settled();
  return mcp.recorder.received
    .slice(from)
    .map(({ message }) => message as { method?: string; params?: LogMessage })
    .filter((message) => message.method === 'notifications/message')
    .map((message) => message.params!);
}

describe.each(ERAS)('MCP log notifications during a tool call, protocol %s', (era: Era) => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let mcp: HttpConnection;
  // 2026-07-28 carries the level in each request's _meta (no level: no logs); 2025-11-25 uses logging/setLevel.
  const call = (args: Record<string, unknown>, level: string): Promise<CallToolResult> =>
    mcp.client.callTool({ name: 'complete', arguments: args, ...(era === '2026-07-28' && { _meta: { [LOG_LEVEL_META_KEY]: level } }) }) as Promise<CallToolResult>;
  const setLevel = async (level: 'debug' | 'error'): Promise<void> => {
    if (era === '2025-11-25') expect(await mcp.client.setLoggingLevel(level)).toEqual({});
  };

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '1', UPSTREAM_RETRY_BASE_MS: '10', UPSTREAM_RETRY_MAX_MS: '20' });
    mcp = await connectHttp(gateway.url, era);
  });
  afterAll(async () => {
    await mcp?.close();
    await gateway?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());

  it('declares the logging capability', () => {
    expect(mcp.client.getServerCapabilities()?.logging).toEqual({});
  });

  it('tells the client about a retry, then answers', async () => {
    await setLevel('debug');
    upstream.enqueue({ status: 503 }).enqueue({ text: 'second time lucky' });
    const from = mcp.recorder.received.length;
    const result = await call({ model: 'gpt-4o', prompt: 'hi' }, 'debug');
    expect(result.isError).toBeFalsy();
    expect(await logsSince(mcp, from)).toEqual([
      {
        level: 'warning',
        logger: 'litellm-mcp-server',
        data: expect.objectContaining({ message: expect.stringMatching(/^Model 'gpt-4o' failed \(.+\); retrying in \d+ ms \(attempt 2\)\.$/), model: 'gpt-4o', attempt: 2 }),
      },
    ]);
  });

  it('tells the client why a call was refused, with the message of the error result', async () => {
    await setLevel('debug');
    const from = mcp.recorder.received.length;
    const result = await call({ model: 'no-such-model', prompt: 'hi' }, 'debug');
    expect(result.isError).toBe(true);
    const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(await logsSince(mcp, from)).toEqual([
      { level: 'warning', logger: 'litellm-mcp-server', data: { message: text, tool: 'complete', status: 400, type: 'invalid_request_error' } },
    ]);
  });

  it('honours the level: at error, a retry sends nothing', async () => {
    await setLevel('error');
    upstream.enqueue({ status: 503 }).enqueue({ text: 'quietly' });
    const from = mcp.recorder.received.length;
    const result = await call({ model: 'gpt-4o', prompt: 'hi' }, 'error');
    expect(result.isError).toBeFalsy();
    expect(upstream.requests).toHaveLength(2);
    expect(await logsSince(mcp, from)).toEqual([]);
  });
});
