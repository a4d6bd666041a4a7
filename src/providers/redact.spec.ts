import { describe, expect, it } from '@jest/globals';
import { redact } from './redact.js';

describe('redact', () => {
  it('masks the known secrets and anything key-shaped', () => {
    expect(redact('key abcd-1234-secret used', ['abcd-1234-secret'])).toBe('key [redacted] used');
    expect(redact('Incorrect API key provided: sk-proj-abc***xyz.')).toBe('Incorrect API key provided: [redacted]');
    expect(redact('token sk-ant-api03-AAAA')).toBe('token [redacted]');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: [redacted]');
  });

  it('removes credentials from URLs and control characters', () => {
    expect(redact('see https://user:pass@host/v1\nnow')).toBe('see https://[redacted]@host/v1 now');
  });

  it('bounds the length', () => {
    expect(redact('x'.repeat(2000))).toHaveLength(501);
  });
});
