import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { RequestLine } from './request-line.js';

function logger(level = 'info'): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ base: undefined, level }, sink), lines };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RequestLine', () => {
  it('writes the line pino would for a child bound to the request id: level, time, request_id, the fields in order, msg', async () => {
    const { log, lines } = logger();
    const line = RequestLine.start(log, 'req_"1', 'POST', '/v1/complete')!;
    line.quoted('path', '/v1/"x"\n').measure('status', 200).measure('skipped', undefined).known('model', 'gpt-4o').quoted('none', undefined).write(log);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('}\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 30, time: expect.any(Number), request_id: 'req_"1', method: 'POST', route: '/v1/complete', path: '/v1/"x"\n', status: 200, model: 'gpt-4o', msg: 'request',
    });
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['level', 'time', 'request_id', 'method', 'route', 'path', 'status', 'model', 'msg']);
  });

  it('leaves out the route when there is none, and writes nothing when info is off', async () => {
    const { log, lines } = logger();
    RequestLine.start(log, 'req_2', 'GET', undefined)!.measure('status', 404).write(log);
    expect(RequestLine.start(logger('warn').log, 'req_3', 'GET', '/x')).toBeUndefined();
    await flush();
    expect(JSON.parse(lines[0]!)).not.toHaveProperty('route');
  });
});
