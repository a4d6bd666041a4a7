import { describe, expect, it } from '@jest/globals';
import { REDACT_WINDOW, redact } from './redact.js';
import { maskUrlCredentials } from './url-credentials.js';

const MB = 1_000_000;

describe('redact', () => {
  it('masks the known secrets and anything key-shaped', () => {
    expect(redact('key abcd-1234-secret used', ['abcd-1234-secret'])).toBe('key [redacted] used');
    expect(redact('Incorrect API key provided: sk-proj-abc***xyz.')).toBe('Incorrect API key provided: [redacted]');
    expect(redact('token sk-ant-api03-AAAA')).toBe('token [redacted]');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: [redacted]');
    expect(redact('authorization: bearer abc.def and BEARER xyz_1 or bEaReR q')).toBe('authorization: [redacted] and [redacted] or [redacted]');
  });

  it('removes credentials from URLs and control characters', () => {
    expect(redact('see https://user:pass@host/v1\nnow')).toBe('see https://[redacted]@host/v1 now');
  });

  it('bounds the length', () => {
    expect(redact('x'.repeat(2000))).toHaveLength(501);
  });

  it('drops a token cut at the window rather than show half of it', () => {
    const password = 'p'.repeat(REDACT_WINDOW);
    expect(redact(`failed for https://admin:${password}@db.internal/x`)).toBe('failed for…');
    const secret = 's3cr3t-'.repeat(700);
    expect(redact(`${'word '.repeat(800)}${secret}`, [secret])).toBe(`${'word '.repeat(100)}…`);
  });
});

describe('redact on 1 MB adversarial messages', () => {
  it.each([
    ['a scheme then a long run of letters', `a://${'a'.repeat(MB)}`, '…'],
    ['letters with no separator at all', 'a'.repeat(MB), '…'],
    ['"://" repeated', ':/'.repeat(MB / 2), '…'],
  ])('%s', (_what, message, expected) => {
    expect(redact(message)).toBe(expected);
  });

  it('many "@" and ":" inside one authority are masked to the last "@"', () => {
    expect(redact(`x https://${'u:@'.repeat(1000)}host y`)).toBe('x https://[redacted]@host y');
    expect(redact(`x https://${'u:@'.repeat(MB / 3)}host y`)).toBe('x…');
  });

  it('many short URLs with credentials: each one masked, the result bounded', () => {
    const result = redact('ftp://u:p@h '.repeat(MB / 12));
    expect(result).toBe(`${'ftp://[redacted]@h '.repeat(27).slice(0, 500)}…`);
  });

  it('keys, bearer tokens and whitespace runs', () => {
    expect(redact(`Bearer ${' '.repeat(MB)}`)).toBe('Bearer…');
    expect(redact(`${'sk-'.repeat(MB / 3)}`)).toBe('…');
    expect(redact(`${'sk-abcdef '.repeat(MB / 10)}`)).toBe(`${'[redacted] '.repeat(46).slice(0, 500)}…`);
  });

  it('stays fast however the input is shaped (a generous regression guard against quadratic scans)', () => {
    const started = performance.now();
    for (const message of [`a://${'a'.repeat(MB)}`, `${'a:'.repeat(MB / 2)}@`, `${'Bearer '.repeat(MB / 7)}`, '\u0001'.repeat(MB)]) redact(message);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('maskUrlCredentials', () => {
  it.each([
    ['https://user:pass@host/v1', 'https://[redacted]@host/v1'],
    ['https://token@host', 'https://[redacted]@host'],
    ['https://user:p@ss@host/x', 'https://[redacted]@host/x'],
    ['https://host/path@x', 'https://host/path@x'],
    ['mail bob@example.com', 'mail bob@example.com'],
    ['a://b://c@d', 'a://b://[redacted]@d'],
    ['x://@host', 'x://@host'],
    ['one http://a:b@h two https://c:d@i/', 'one http://[redacted]@h two https://[redacted]@i/'],
  ])('%s → %s', (text, expected) => {
    expect(maskUrlCredentials(text)).toBe(expected);
  });

  it('reads a 1 MB authority once', () => {
    expect(maskUrlCredentials(`a://${'a'.repeat(MB)}`)).toBe(`a://${'a'.repeat(MB)}`);
    expect(maskUrlCredentials(`a://${':@'.repeat(MB / 2)}h`)).toBe('a://[redacted]@h');
  });
});
