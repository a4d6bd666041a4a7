// The MCP `complete` tool streams from the upstream: progress carries the text so far, cancelling ends the stream.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { connectHttp, type HttpConnection } from './mcp/mcp-clients.js';
import { ERAS, type Era } from './mcp/mcp-schemas.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe.each(ERAS)('MCP complete streams from the upstream, protocol %s', (era: Era) => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let mcp: HttpConnection;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), MCP_PROGRESS_INTERVAL_MS: '1000' });
    mcp = await connectHttp(gateway.url, era);
  });
  afterAll(async () => {
    await mcp?.close();
    await gateway?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());

  it('sends progress notifications carrying the text so far; the result is the whole text', async () => {
    upstream.enqueue({ streamChunks: ['one ', 'two ', 'three'], chunkDelayMs: 250, usage: { input: 2, output: 3 } }, 'anthropic');
    const messages: string[] = [];
    const result = await mcp.client.callTool(
      { name: 'complete', arguments: { model: 'claude', prompt: 'count' } },
      { onprogress: (update) => messages.push(update.message ?? '') },
    );
    expect(textOf(result)).toBe('one two three');
    expect(result.structuredContent).toMatchObject({ model: 'claude', served_by: 'claude', choices: [{ text: 'one two three', finish_reason: 'stop' }], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } });
    expect(messages[0]).toMatch(/^Waiting for claude/);
    const texts = messages.filter((message) => !message.startsWith('Waiting for'));
    expect(texts).toEqual(expect.arrayContaining(['one ', 'one two ']));
    // Each text is the one before it, continued.
    texts.slice(1).forEach((message, index) => expect(message.startsWith(texts[index]!)).toBe(true));
    expect(upstream.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('ends the upstream stream when the client cancels the call mid-stream', async () => {
    upstream.enqueue({ streamChunks: ['first ', 'second'], streamFault: { afterPieces: 1, kind: 'stall' } });
    const controller = new AbortController();
    const call = mcp.client.callTool(
      { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'never mind' } },
      { signal: controller.signal, onprogress: (update) => update.message === 'first ' && controller.abort('enough') },
    );
    await expect(call).rejects.toThrow();
    await upstream.waitForClientClose(0);
    expect(mcp.recorder.sentMethods.includes('notifications/cancelled')).toBe(era === '2025-11-25');
    upstream.enqueue({ streamChunks: ['still ', 'here'] });
    expect(textOf(await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } }))).toBe('still here');
  });

  it('refuses a stream argument like any unknown argument', async () => {
    const result = await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi', stream: true } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Unknown parameter 'stream'.");
    expect(upstream.requests).toHaveLength(0);
  });
});
