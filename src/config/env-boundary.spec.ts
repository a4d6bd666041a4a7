import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The environment is read in one place: src/config/ builds the configuration once, before Nest starts, and the
 * two entry points only hand process.env to loadConfig. Everything else gets its typed section.
 */
const SRC = fileURLToPath(new URL('..', import.meta.url));
const ENTRY_POINTS = new Set(['main.ts', 'mcp-stdio.ts', 'db/migrate-cli.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `process.env` and `process['env']`, with any spacing. */
const ENV_READ = /process\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])/;
const ALL_ENV_READS = new RegExp(ENV_READ.source, 'g');

describe('environment boundary', () => {
  const files = sourceFiles(SRC).map((path) => relative(SRC, path).split(sep).join('/'));

  it('finds the sources it checks', () => {
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'mcp-stdio.ts', 'config/gateway-config.ts', 'app.module.ts']));
  });

  it('no file outside src/config/ reads process.env', () => {
    const readers = files
      .filter((file) => !file.startsWith('config/') && !ENTRY_POINTS.has(file))
      .filter((file) => ENV_READ.test(readFileSync(join(SRC, file), 'utf8')));
    expect(readers).toEqual([]);
  });

  it.each([...ENTRY_POINTS])('%s only passes process.env into loadConfig', (file) => {
    const source = readFileSync(join(SRC, file), 'utf8');
    const reads = source.match(ALL_ENV_READS) ?? [];
    const handedOver = source.match(/loadConfig\(process\.env,/g) ?? [];
    expect(reads.length).toBe(handedOver.length);
    expect(handedOver.length).toBe(1);
  });
});
