import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from './targets.js';

const ROOT = join(import.meta.dirname, '../..');

describe('the Node flags the gateway runs with', () => {
  it('are the same in the Dockerfile, npm start and the benchmark', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'dist/main.js']);
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(['node', ...GATEWAY_NODE_FLAGS, 'dist/main.js'].join(' '));
  });
});
