import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { UpstreamError } from '../upstream-errors.js';
import { ERROR_BODY_BYTES, readBody, readErrorBody } from './read-body.js';
import type { UpstreamReply } from './upstream-transport.js';

function reply(chunks: string[], headers: Record<string, string> = {}): UpstreamReply & { stream: Readable } {
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return { status: 200, headers, body: stream as unknown as UpstreamReply['body'], stream };
}

const live = new AbortController().signal;

describe('readBody', () => {
  it('reads the whole body as UTF-8 when it fits', async () => {
    expect(await readBody('P', reply(['{"a":', '"é"}']), 1024, live)).toBe('{"a":"é"}');
  });

  it('refuses an announced length over the bound without reading', async () => {
    const announced = reply(['x'], { 'content-length': '2048' });
    await expect(readBody('P', announced, 1024, live)).rejects.toMatchObject({
      status: 502,
      retryable: false,
      message: "P's response exceeded UPSTREAM_MAX_RESPONSE_BYTES (1024 bytes).",
    });
    expect(announced.stream.destroyed).toBe(true);
  });

  it('stops a body of unannounced length as soon as it passes the bound', async () => {
    const long = reply(['x'.repeat(600), 'y'.repeat(600), 'z'.repeat(600)]);
    await expect(readBody('P', long, 1024, live)).rejects.toBeInstanceOf(UpstreamError);
    expect(long.stream.destroyed).toBe(true);
  });

  it('maps a body cut by the network like a request without an answer', async () => {
    const cut = new Readable({ read() { this.destroy(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })); } });
    const broken = { status: 200, headers: {}, body: cut as unknown as UpstreamReply['body'] };
    await expect(readBody('P', broken, 1024, live)).rejects.toMatchObject({ status: 502, retryable: true, message: 'P could not be reached (connection reset).' });
  });

  it('maps a body destroyed without an error or an end like a cut body', async () => {
    const stopped = new Readable({ read() { this.destroy(); } });
    const broken = { status: 200, headers: {}, body: stopped as unknown as UpstreamReply['body'] };
    await expect(readBody('P', broken, 1024, live)).rejects.toMatchObject({ status: 502, retryable: true });
  });

  it('maps a body cut by the caller\'s abort as cancelled, not as a network failure', async () => {
    const controller = new AbortController();
    const slow = new Readable({ read() {} });
    const pending = readBody('P', { status: 200, headers: {}, body: slow as unknown as UpstreamReply['body'] }, 1024, controller.signal);
    slow.push('{"a"');
    controller.abort();
    slow.destroy(new Error('aborted'));
    await expect(pending).rejects.toBeInstanceOf(UpstreamError);
    await expect(pending).rejects.not.toMatchObject({ message: 'P could not be reached (connection reset).' });
  });
});

describe('readErrorBody', () => {
  it('reads a small error body whole', async () => {
    expect(await readErrorBody('P', reply(['{"error":', '{"message":"no"}}']), 1024, live)).toEqual({ text: '{"error":{"message":"no"}}', cut: false });
  });

  it('keeps the first ERROR_BODY_BYTES of a large one and reads the rest without keeping it', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    const huge = reply(Array.from({ length: 320 }, () => chunk));
    const { text, cut } = await readErrorBody('P', huge, 8 * 1024 * 1024, live);
    expect(text).toHaveLength(ERROR_BODY_BYTES);
    expect(cut).toBe(true);
  });

  it('still answers 502 past the response bound', async () => {
    const long = reply(['x'.repeat(600), 'y'.repeat(600)]);
    await expect(readErrorBody('P', long, 1024, live)).rejects.toMatchObject({ status: 502, retryable: false });
  });
});
