import { describe, expect, it } from '@jest/globals';
import { serverSentEvents } from './sse-parser.js';

async function collect(chunks: string[] | Uint8Array[], maxBytes = 1_000_000): Promise<unknown[]> {
  const encoder = new TextEncoder();
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  }
  const events: unknown[] = [];
  for await (const batch of serverSentEvents(source(), maxBytes, () => new Error('too large'))) events.push(...batch);
  return events;
}

describe('serverSentEvents', () => {
  it('passes the events one chunk completed on together, one array per chunk that completed any', async () => {
    const encoder = new TextEncoder();
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const chunk of ['data: a\n\ndata: b\n\nda', 'ta: c', '\n\n']) yield encoder.encode(chunk);
    }
    const batches: unknown[] = [];
    for await (const batch of serverSentEvents(source(), 1_000, () => new Error('too large'))) batches.push(batch);
    expect(batches).toEqual([[{ data: 'a' }, { data: 'b' }], [{ data: 'c' }]]);
  });

  it('reads events with and without a name, skipping comments', async () => {
    expect(await collect(['event: ping\ndata: {}\n\n: keep-alive\n\ndata: {"a":1}\n\n'])).toEqual([
      { event: 'ping', data: '{}' },
      { data: '{"a":1}' },
    ]);
  });

  it('joins fields split across chunks and CRLF line endings', async () => {
    expect(await collect(['da', 'ta: hel', 'lo\r\n', '\r\ndata: [DONE]\n', '\n'])).toEqual([{ data: 'hello' }, { data: '[DONE]' }]);
  });

  it('keeps a UTF-8 character split between two chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    expect(await collect([bytes.slice(0, 7), bytes.slice(7)])).toEqual([{ data: 'é' }]);
  });

  it('never delivers an unfinished last event', async () => {
    expect(await collect(['data: one\n\ndata: cut'])).toEqual([{ data: 'one' }]);
  });

  it('throws once the total size passes the bound', async () => {
    await expect(collect(['data: 1234\n\n', 'data: 5678\n\n'], 15)).rejects.toThrow('too large');
  });
});
