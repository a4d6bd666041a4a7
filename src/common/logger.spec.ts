import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createRootLogger, PinoNestLogger } from './logger.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { stream, lines };
}

describe('PinoNestLogger', () => {
  it("logs Nest's start-up narration at debug, everything else at its own level", () => {
    const { stream, lines } = capture();
    const nest = new PinoNestLogger(createRootLogger('info', stream));
    nest.log('Mapped {/v1/models, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Redis reachable again', 'RateLimit');
    nest.warn('Something framework-ish', 'NestApplication');
    expect(lines.map((line) => JSON.parse(line) as { msg: string })).toEqual([
      expect.objectContaining({ level: 30, context: 'RateLimit', msg: 'Redis reachable again' }),
      expect.objectContaining({ level: 40, context: 'NestApplication', msg: 'Something framework-ish' }),
    ]);
  });

  it('still shows the narration with LOG_LEVEL=debug', () => {
    const { stream, lines } = capture();
    new PinoNestLogger(createRootLogger('debug', stream)).log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 20, context: 'RouterExplorer' });
  });

  it("leaves a failed listen to main.ts's one line (debug only); other Nest errors stay errors", () => {
    const { stream, lines } = capture();
    const nest = new PinoNestLogger(createRootLogger('info', stream));
    nest.error('Error: listen EADDRINUSE: address already in use 127.0.0.1:3000', undefined, 'NestApplication');
    nest.error('Error: something else', undefined, 'NestApplication');
    expect(lines.map((line) => JSON.parse(line) as { msg: string })).toEqual([expect.objectContaining({ level: 50, msg: 'Error: something else' })]);
  });
});

describe('createRootLogger: client keys never logged', () => {
  it("removes Anthropic's x-api-key header (a client key on every route) like Authorization", () => {
    const { stream, lines } = capture();
    const logger = createRootLogger('info', stream);
    logger.info({ headers: { 'x-api-key': 'sk-gw-secret-one', authorization: 'Bearer secret-two' } }, 'a');
    logger.info({ upstream: { 'x-api-key': 'sk-ant-secret-three' } }, 'b');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/secret/);
  });
});

describe('createRootLogger with LOG_FORMAT=pretty', () => {
  it('writes one readable line per entry, fields after the message, headers still removed', () => {
    const { stream, lines } = capture();
    createRootLogger('info', stream, 'pretty').info({ port: 3000, headers: { authorization: 'Bearer secret' } }, 'Gateway listening');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Gateway listening \{"port":3000,"headers":\{\}\}$/);
    expect(lines[0]).not.toContain('secret');
  });
});
