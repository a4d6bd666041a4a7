import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeVersionWarning, SUPPORTED_NODE } from './node-support.js';

describe('nodeVersionWarning', () => {
  it('matches package.json engines', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${SUPPORTED_NODE}`);
  });

  it('says nothing on a supported Node', () => {
    for (const version of ['v22.12.0', 'v22.20.1', 'v24.0.0', 'v30.1.2']) expect(nodeVersionWarning(version)).toBeUndefined();
  });

  it('says in one line that an older Node is unsupported, and which to use', () => {
    expect(nodeVersionWarning('v20.20.2')).toBe(
      'Node v20.20.2 is older than the supported range (>=22.12, package.json engines): the gateway may run, but this Node is not supported; use Node 24 (.nvmrc)',
    );
    expect(nodeVersionWarning('v22.11.0')).toMatch(/^Node v22.11.0 is older/);
  });
});
