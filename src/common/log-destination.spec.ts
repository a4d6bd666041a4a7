import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchedStdout } from './log-destination.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('batchedStdout', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'log-destination-')), 'out.log');
  const fd = openSync(file, 'w');
  const destination = batchedStdout(fd);
  afterAll(() => closeSync(fd));

  it('writes the info lines of one turn together at its end, and a warning at once after them', async () => {
    destination.write('{"level":30,"msg":"a"}\n');
    destination.write('{"level":30,"msg":"b"}\n');
    expect(readFileSync(file, 'utf8')).toBe('');
    await nextTurn();
    expect(readFileSync(file, 'utf8')).toBe('{"level":30,"msg":"a"}\n{"level":30,"msg":"b"}\n');
    destination.write('{"level":30,"msg":"c"}\n');
    destination.write('{"level":40,"msg":"warn"}\n');
    expect(readFileSync(file, 'utf8').split('\n').slice(2, 4)).toEqual(['{"level":30,"msg":"c"}', '{"level":40,"msg":"warn"}']);
  });
});
