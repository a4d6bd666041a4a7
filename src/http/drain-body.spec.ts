import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { drainRequestBody } from './drain-body.js';

/** A request body as Node exposes it: a stream with `complete` set once the last byte arrived. */
function body(): PassThrough & { complete: boolean } {
  const stream = new PassThrough() as PassThrough & { complete: boolean };
  stream.complete = false;
  stream.on('end', () => {
    stream.complete = true;
  });
  return stream;
}

describe('drainRequestBody', () => {
  it('reads the rest of the body and resolves true when it ends', async () => {
    const stream = body();
    const drained = drainRequestBody(stream, { maxBytes: 100, timeoutMs: 1000 });
    stream.write('x'.repeat(60));
    stream.end('y'.repeat(30));
    await expect(drained).resolves.toBe(true);
  });

  it('resolves true at once for a body that already ended', async () => {
    const stream = body();
    stream.complete = true;
    await expect(drainRequestBody(stream, { maxBytes: 1, timeoutMs: 1 })).resolves.toBe(true);
  });

  it('gives up (false) past the byte bound', async () => {
    const stream = body();
    const drained = drainRequestBody(stream, { maxBytes: 100, timeoutMs: 1000 });
    stream.write('x'.repeat(101));
    await expect(drained).resolves.toBe(false);
  });

  it('gives up (false) past the time bound', async () => {
    const stream = body();
    const started = Date.now();
    const drained = drainRequestBody(stream, { maxBytes: 100, timeoutMs: 50 });
    stream.write('x');
    await expect(drained).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('resolves false when the request goes away before its end', async () => {
    const stream = body();
    const drained = drainRequestBody(stream, { maxBytes: 100, timeoutMs: 1000 });
    stream.destroy();
    await expect(drained).resolves.toBe(false);
  });
});
