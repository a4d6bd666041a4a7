import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The documentation is checked against the code, not against a list kept by hand: README.md stays a front door,
// docs/configuration.md names exactly the variables src/ reads, and no relative link in the docs is dead.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NAME = '[A-Z][A-Z0-9_]{2,}';
const README_MAX_BYTES = 12 * 1024;
/** The section of docs/configuration.md listing variables read by tests, the benchmark, CI and Compose only. */
const OUTSIDE_HEADING = 'Read outside the gateway';

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

/**
 * Names the code reads, found by the shapes env reading takes, wherever in src/ it happens (so it holds while
 * env reading moves into src/config/): `env.X` / `process.env.X` / `someEnv['X']`; a helper called with an env
 * object or a name first (`intVar(env, 'X', …)`, `text(env, 'X')`, `readPem(env, 'X')`, `intVar('X', …)`); and a
 * provider setting `env: 'X'`. A new shape that reads env needs a pattern here, or its names show up as
 * "documented but not read".
 */
const READ_PATTERNS: RegExp[] = [
  new RegExp(`\\b[A-Za-z_$]*[eE]nv\\??\\.(${NAME})\\b`, 'g'),
  new RegExp(`\\b[A-Za-z_$]*[eE]nv\\??\\.?\\[\\s*['"\`](${NAME})['"\`]\\s*\\]`, 'g'),
  new RegExp(`\\(\\s*[A-Za-z_$.]*(?:env|Env|vars|source)\\s*,\\s*['"\`](${NAME})['"\`]`, 'g'),
  new RegExp(`\\b(?:int|bool|text|str|string|num|number|float|list|csv|url|file|pem|secret|enum|duration|bytes)[A-Za-z]*\\s*\\(\\s*['"\`](${NAME})['"\`]`, 'gi'),
  new RegExp(`\\benv\\s*:\\s*['"\`](${NAME})['"\`]`, 'g'),
];

function namesReadBySrc(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of filesUnder(join(ROOT, 'src'), (p) => p.endsWith('.ts') && !p.endsWith('.spec.ts'))) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of READ_PATTERNS) {
      for (const match of source.matchAll(pattern)) found.set(match[1]!, relative(ROOT, file));
    }
  }
  return found;
}

/** Variables in the first column of the tables of docs/configuration.md, split by the section they are in. */
function documentedNames(): { gateway: Set<string>; outside: Set<string> } {
  const gateway = new Set<string>();
  const outside = new Set<string>();
  let heading = '';
  for (const line of readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8').split('\n')) {
    if (line.startsWith('## ')) heading = line.slice(3).trim();
    const cell = new RegExp(`^\\|\\s*\`(${NAME})\``).exec(line);
    if (cell) (heading === OUTSIDE_HEADING ? outside : gateway).add(cell[1]!);
  }
  return { gateway, outside };
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();
const markdownFiles = (): string[] => [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs'), (p) => p.endsWith('.md'))];

/** Relative link targets of a Markdown file (fenced code left out), without their #anchors. */
function relativeLinks(file: string): string[] {
  const prose = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target))
    .map((target) => target.split('#')[0]!);
}

describe('README.md is a front door', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it(`is under ${README_MAX_BYTES} bytes`, () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(README_MAX_BYTES);
  });

  it('links every file under docs/', () => {
    const linked = new Set(relativeLinks(join(ROOT, 'README.md')).map((target) => resolve(ROOT, target)));
    const docs = filesUnder(join(ROOT, 'docs'), (p) => p.endsWith('.md'));
    expect(sorted(docs.filter((doc) => !linked.has(doc)).map((doc) => relative(ROOT, doc)))).toEqual([]);
  });

  it('keeps the markers the benchmark script rewrites the table between', () => {
    expect(readme.indexOf('<!-- bench:start -->')).toBeGreaterThan(-1);
    expect(readme.indexOf('<!-- bench:end -->')).toBeGreaterThan(readme.indexOf('<!-- bench:start -->'));
  });
});

describe('docs/configuration.md and the environment variables the code reads', () => {
  const read = namesReadBySrc();
  const { gateway, outside } = documentedNames();

  it('finds the variables the config layer is known to read (the extraction itself works)', () => {
    for (const name of ['PORT', 'GATEWAY_API_KEYS', 'REDIS_URL', 'OPENAI_API_KEY', 'TLS_CERT_FILE']) expect(read.has(name)).toBe(true);
  });

  it('documents every variable src/ reads, and documents no variable src/ does not read', () => {
    const missing = sorted([...read.keys()].filter((name) => !gateway.has(name))).map((name) => `${name} (read in ${read.get(name)})`);
    const notRead = sorted([...gateway].filter((name) => !read.has(name)));
    expect({ 'read by src/ but not in a table of docs/configuration.md': missing, 'in docs/configuration.md but read nowhere in src/': notRead }).toEqual({
      'read by src/ but not in a table of docs/configuration.md': [],
      'in docs/configuration.md but read nowhere in src/': [],
    });
  });

  it(`lists under "${OUTSIDE_HEADING}" only variables src/ does not read and something outside src/ does`, () => {
    const elsewhere = [...filesUnder(join(ROOT, 'test'), (p) => /\.(ts|mjs|js)$/.test(p)), join(ROOT, '.ci/run'), join(ROOT, 'docker-compose.yml')]
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(outside.size).toBeGreaterThan(0);
    expect(sorted([...outside].filter((name) => read.has(name)))).toEqual([]);
    expect(sorted([...outside].filter((name) => !new RegExp(`\\b${name}\\b`).test(elsewhere)))).toEqual([]);
  });
});

describe('relative links in README.md and docs/', () => {
  it('point to files that exist', () => {
    const dead = markdownFiles().flatMap((file) =>
      relativeLinks(file)
        .filter((target) => target !== '' && !existsSync(resolve(dirname(file), target)))
        .map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(dead).toEqual([]);
  });
});
