// Writes the benchmark table between the bench markers of README.md and docs/benchmarks.md.
// `npm run bench:publish` renders it from bench/results.json; `npm run bench -- --publish` right after a run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderMarkdown, replaceBetweenMarkers, type BenchResults } from './report.js';

const PAGES = ['README.md', 'docs/benchmarks.md'];

export function publish(root: string, markdown: string): void {
  for (const page of PAGES) {
    const file = join(root, page);
    writeFileSync(file, replaceBetweenMarkers(readFileSync(file, 'utf8'), markdown));
    console.log(`wrote the table into ${page}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '../..');
  const results = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as BenchResults;
  publish(root, renderMarkdown(results));
}
