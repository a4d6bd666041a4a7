import { describe, expect, it } from '@jest/globals';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { lazyChildLoggerFactory } from './lazy-child-logger.js';

describe('lazyChildLoggerFactory', () => {
  it('builds the child on first use only, and then logs as pino.child would', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const root = pino({ base: undefined, redact: ['*.authorization'] }, sink);
    let children = 0;
    const counting = Object.assign(Object.create(root) as FastifyBaseLogger, {
      child: (...args: Parameters<FastifyBaseLogger['child']>) => {
        children += 1;
        return root.child(...args);
      },
    });
    const log = lazyChildLoggerFactory.call({} as FastifyInstance, counting, { request_id: 'req_1' }, {}, {} as never);
    expect(children).toBe(0);
    expect(log.level).toBe('info');
    log.warn({ headers: { authorization: 'secret' } }, 'careful');
    log.info('again');
    expect(children).toBe(1);
    expect(lines[0]).toMatchObject({ level: 40, request_id: 'req_1', headers: { authorization: '[Redacted]' }, msg: 'careful' });
    expect(lines[1]).toMatchObject({ level: 30, request_id: 'req_1', msg: 'again' });
  });
});
