// Writes the benchmark between the bench markers: the full table into docs/benchmarks.md, its short form with what
// the ratios mean into README.md. `npm run bench:publish` renders both from bench/results.json; `npm run bench --
// --publish` right after a run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderMarkdown, replaceBetweenMarkers, type BenchResults } from './report.js';
import { renderSummary } from './summary.js';

export function publish(root: string, results: BenchResults): void {
  for (const [page, markdown] of [['README.md', renderSummary(results)], ['docs/benchmarks.md', renderMarkdown(results)]] as const) {
    const file = join(root, page);
    writeFileSync(file, replaceBetweenMarkers(readFileSync(file, 'utf8'), markdown));
    console.log(`wrote the benchmark into ${page}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '../..');
  const results = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as BenchResults;
  publish(root, results);
}
