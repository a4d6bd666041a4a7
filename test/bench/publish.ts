// Writes the benchmark's tables between the bench markers: the full one into docs/benchmarks.md, the short one
// (ratios per scenario) into README.md. `npm run bench:publish` renders them from bench/results.json;
// `npm run bench -- --publish` right after a run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderMarkdown, renderSummary, replaceBetweenMarkers, type BenchResults } from './report.js';

export function publish(root: string, results: BenchResults): void {
  const pages: [string, string][] = [
    ['README.md', renderSummary(results)],
    ['docs/benchmarks.md', renderMarkdown(results)],
  ];
  for (const [page, block] of pages) {
    const file = join(root, page);
    writeFileSync(file, replaceBetweenMarkers(readFileSync(file, 'utf8'), block));
    console.log(`wrote the table into ${page}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '../..');
  publish(root, JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as BenchResults);
}
