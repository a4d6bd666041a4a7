import { describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, type LoggingLevel } from '@modelcontextprotocol/server';
import { ClientLogLevels, LOGGER_NAME, upstreamNotices, type ClientLog } from './client-log.js';

interface Received {
  level: LoggingLevel;
  logger?: string;
  data: unknown;
}

/** A real server and client, linked in memory (the stdio case: one server per connection, no client key). */
async function connect(use: (log: ClientLog) => void): Promise<{ client: Client; received: Received[] }> {
  const server = new McpServer({ name: 'test', version: '1' }, { capabilities: { tools: {}, logging: {} } });
  const logFor = new ClientLogLevels().installOn(server);
  server.registerTool('work', { description: 'logs' }, (ctx) => {
    use(logFor(ctx));
    return { content: [{ type: 'text', text: 'done' }] };
  });
  const received: Received[] = [];
  const client = new Client({ name: 'spec', version: '1' });
  client.setNotificationHandler('notifications/message', (notification) => {
    received.push(notification.params as Received);
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return { client, received };
}

describe('ClientLogLevels and clientLog', () => {
  it('sends every level until the client sets one, then only that level and above', async () => {
    const { client, received } = await connect((log) => {
      log('debug', 'd');
      log('warning', 'w', { extra: 1 });
      log('error', 'e');
    });
    await client.callTool({ name: 'work', arguments: {} });
    expect(received.map((entry) => entry.level)).toEqual(['debug', 'warning', 'error']);
    expect(received[1]).toEqual({ level: 'warning', logger: LOGGER_NAME, data: { message: 'w', extra: 1 } });

    received.length = 0;
    expect(await client.setLoggingLevel('warning')).toEqual({});
    await client.callTool({ name: 'work', arguments: {} });
    expect(received.map((entry) => entry.level)).toEqual(['warning', 'error']);
    await client.close();
  });
});

describe('upstreamNotices', () => {
  it('turns a retry and a fallback into warnings naming the models', () => {
    const logged: unknown[][] = [];
    const observer = upstreamNotices((...entry) => logged.push(entry));
    observer.onRetry?.({ target: 'gpt-4o', attempt: 2, delayMs: 120, reason: 'Upstream error (status 503).' });
    observer.onFallback?.('gpt-4o', 'claude', 'Upstream error (status 503).');
    expect(logged).toEqual([
      [
        'warning',
        "Model 'gpt-4o' failed (Upstream error (status 503).); retrying in 120 ms (attempt 2).",
        { model: 'gpt-4o', attempt: 2, delay_ms: 120 },
      ],
      ['warning', "Model 'gpt-4o' failed (Upstream error (status 503).); falling back to 'claude'.", { model: 'gpt-4o', fallback: 'claude' }],
    ]);
  });
});
