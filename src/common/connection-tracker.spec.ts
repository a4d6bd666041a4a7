import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { trackConnections } from './connection-tracker.js';

// An in-process server on loopback: what a keep-alive client (a proxy's pool) sees before and during a drain.
describe('trackConnections', () => {
  let server: Server;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  afterEach(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ port: number; tracker: ReturnType<typeof trackConnections> }> {
    server = createServer(handler);
    const tracker = trackConnections(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as { port: number }).port, tracker };
  }

  const get = (port: number, path = '/'): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res));
      });
      req.on('error', reject);
      req.end();
    });

  it('keeps connections alive until the drain, then answers in-flight requests with Connection: close', async () => {
    const waiting: ServerResponse[] = [];
    const { port, tracker } = await start((req, res) => (req.url === '/slow' ? waiting.push(res) : res.end('fast')));
    expect((await get(port)).headers.connection).toBe('keep-alive');

    const inFlight = get(port, '/slow');
    while (waiting.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    tracker.closeIdleWhileDraining();
    waiting[0]!.end('slow');
    expect((await inFlight).headers.connection).toBe('close');
  });

  it('answers requests that arrive during the drain with Connection: close', async () => {
    const { port, tracker } = await start((_req, res) => res.end('ok'));
    tracker.closeIdleWhileDraining();
    expect((await get(port)).headers.connection).toBe('close');
  });
});
