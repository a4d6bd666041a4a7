import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { boolVar, enumVar, httpUrl, intVar, listVar, pemFile, text } from './env.js';

describe('configuration readers', () => {
  it('text trims and treats empty as unset', () => {
    expect(text({ A: '  x ' }, 'A')).toBe('x');
    expect(text({ A: '   ' }, 'A')).toBeUndefined();
    expect(text({}, 'A')).toBeUndefined();
  });

  it('intVar takes whole numbers in range and names the variable and value otherwise', () => {
    expect(intVar({}, 'N', 7, 1, 10)).toBe(7);
    expect(intVar({ N: ' 10 ' }, 'N', 7, 1, 10)).toBe(10);
    expect(() => intVar({ N: '1.5' }, 'N', 7, 1, 10)).toThrow(new ConfigError("N must be a whole number, got '1.5'"));
    expect(() => intVar({ N: '11' }, 'N', 7, 1, 10)).toThrow(new ConfigError('N must be between 1 and 10, got 11'));
  });

  it('boolVar knows the usual spellings', () => {
    expect(boolVar({ B: 'YES' }, 'B', false)).toBe(true);
    expect(boolVar({ B: 'off' }, 'B', true)).toBe(false);
    expect(boolVar({}, 'B', true)).toBe(true);
    expect(() => boolVar({ B: 'maybe' }, 'B', true)).toThrow("B must be true or false, got 'maybe'");
  });

  it('enumVar lower-cases and lists the allowed values', () => {
    expect(enumVar({ E: 'CLOSED' }, 'E', ['open', 'closed'], 'open')).toBe('closed');
    expect(enumVar({}, 'E', ['open', 'closed'], 'open')).toBe('open');
    expect(() => enumVar({ E: 'x' }, 'E', ['open', 'closed'], 'open')).toThrow("E must be open or closed; got 'x'");
    expect(() => enumVar({ E: 'x' }, 'E', ['a', 'b', 'c'], 'a')).toThrow("E must be one of a, b, c; got 'x'");
  });

  it('listVar splits on commas and drops empty entries', () => {
    expect(listVar({ L: ' a, ,b ,' }, 'L')).toEqual(['a', 'b']);
    expect(listVar({}, 'L')).toEqual([]);
  });

  it('httpUrl accepts http(s) only', () => {
    expect(httpUrl('https://h.example/v1', 'U').host).toBe('h.example');
    expect(() => httpUrl('ftp://h', 'U')).toThrow('U must be an http(s) URL');
    expect(() => httpUrl('not a url', 'U')).toThrow("U must be an http(s) URL, got 'not a url'");
    expect(() => httpUrl('ftp://user:secret@h', 'U')).toThrow("U must be an http(s) URL, got 'ftp://[redacted]@h'");
  });

  it('pemFile reads a PEM file and names the variable when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-spec-'));
    const good = join(dir, 'good.pem');
    const bad = join(dir, 'bad.pem');
    writeFileSync(good, '-----BEGIN CERTIFICATE-----\nx\n');
    writeFileSync(bad, 'hello');
    expect(pemFile('CA', good, '-----BEGIN ', 'is not a PEM file').toString()).toContain('BEGIN');
    expect(() => pemFile('CA', bad, '-----BEGIN ', 'is not a PEM file')).toThrow(`CA: ${bad} is not a PEM file`);
    expect(() => pemFile('CA', join(dir, 'none'), '-----BEGIN ', 'x')).toThrow(`CA: cannot read ${join(dir, 'none')} (ENOENT)`);
  });
});
