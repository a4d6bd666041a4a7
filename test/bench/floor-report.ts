// The table `npm run bench:floor` prints: per scenario, each target's req/s and CPU per request, as ratios to the
// reference target's.

export interface FloorCell {
  scenario: string;
  target: string;
  rps: number;
  /** The target's CPU time per answered request, µs. */
  cpuUs: number;
}

export function floorTable(cells: readonly FloorCell[], reference: string, run: { rounds: number; durationS: number }): string {
  const lines = [
    `Medians of ${run.rounds} round(s) of ${run.durationS} s at c=50 (wrk), ratios to the ${reference} proxy's.`,
    '',
    '| scenario | target | req/s c=50 | CPU per request |',
    '|---|---|---|---|',
  ];
  for (const cell of cells) {
    const base = cells.find((c) => c.scenario === cell.scenario && c.target === reference);
    const ratio = (value: number, of: number | undefined): string => (base === undefined || cell.target === reference || of === undefined ? '' : ` (${(value / of).toFixed(2)}×)`);
    lines.push(`| ${cell.scenario} | ${cell.target} | ${Math.round(cell.rps)}${ratio(cell.rps, base?.rps)} | ${cell.cpuUs.toFixed(0)} µs${ratio(cell.cpuUs, base?.cpuUs)} |`);
  }
  return lines.join('\n');
}
