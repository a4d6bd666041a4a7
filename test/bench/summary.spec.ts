import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './report.js';
import { renderSummary } from './summary.js';

const ROOT = join(import.meta.dirname, '../..');
const results = JSON.parse(readFileSync(join(ROOT, 'bench/results.json'), 'utf8')) as BenchResults;

describe('renderSummary (the README benchmark section)', () => {
  const summary = renderSummary(results);

  it('shows each scenario with both limit stores as ratios to the bare proxy, with the absolute figure beside', () => {
    const rows = summary.split('\n').filter((line) => line.startsWith('| POST') || line.startsWith('| GET'));
    expect(rows).toHaveLength(results.scenarios.length);
    for (const row of rows) expect(row).toMatch(/\| \d\.\d\d× \/ \d\.\d\d× \(\d+ req\/s\) \| \d+\.\d\d× \/ \d+\.\d\d× \([+−]\d+\.\d\d ms\) \| \d+ MB \|$/);
  });

  it('says what the ratios mean, and carries no internal targets', () => {
    expect(summary).toMatch(/serves \d+ % of the requests per second the bare proxy/);
    expect(summary).not.toMatch(/issue \d|target|missed/i);
  });

  it('is what README.md shows between the bench markers', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('<!-- bench:start -->') + '<!-- bench:start -->'.length, readme.indexOf('<!-- bench:end -->'));
    expect(block.trim()).toBe(summary.trim());
  });
});
