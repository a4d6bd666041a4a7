import { describe, expect, it } from '@jest/globals';
import { unsupportedContentEncoding } from './content-encoding.js';

describe('unsupportedContentEncoding', () => {
  it.each([
    [{ 'content-encoding': 'gzip', 'content-length': '10' }, 'gzip'],
    [{ 'content-encoding': 'identity, br', 'transfer-encoding': 'chunked' }, 'identity, br'],
    [{ 'content-encoding': 'DEFLATE', 'content-length': '1' }, 'DEFLATE'],
  ])('refuses %j with 415 naming the header', (headers, shown) => {
    const error = unsupportedContentEncoding(headers);
    expect(error?.status).toBe(415);
    expect(error?.type).toBe('unsupported_media_type');
    expect(error?.message).toContain(`Content-Encoding '${shown}'`);
  });

  it.each([
    [{ 'content-length': '10' }],
    [{ 'content-encoding': 'identity', 'content-length': '10' }],
    [{ 'content-encoding': ' Identity ', 'transfer-encoding': 'chunked' }],
    [{ 'content-encoding': 'gzip' }],
    [{ 'content-encoding': 'gzip', 'content-length': '0' }],
  ])('accepts %j (identity, or no body to decode)', (headers) => {
    expect(unsupportedContentEncoding(headers)).toBeUndefined();
  });

  it('does not echo an unbounded header', () => {
    const error = unsupportedContentEncoding({ 'content-encoding': 'x'.repeat(10_000), 'content-length': '1' });
    expect(error!.message.length).toBeLessThan(200);
  });
});
