// `npm run bench` (issue 8): the gateway's production build against a bare node:http + undici proxy, both in
// front of the same zero-latency upstream simulator, each its own process on loopback. Rounds alternate the
// targets (bare, gateway with memory limits, gateway with Redis limits, bare, …) so a noisy neighbour hits all
// alike; each cell reports medians over rounds and ratios to the bare proxy of the same run.
// Load by wrk (issue 18; autocannon when wrk is missing, its CPU share in every row). Writes bench/results.json and
// prints a Markdown table; `-- --publish` also writes the tables into README.md and docs/benchmarks.md (as
// `npm run bench:publish` does from the results file). See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chooseLoadGenerator, type LoadGenerator, type LoadSpec } from './load.js';
import { logDirectory, removeLogs, rssMB, stopAll } from './processes.js';
import { publish } from './publish.js';
import { renderMarkdown, type BenchResults, type ScenarioResult } from './report.js';
import { envelopeShape, selectScenarios, streamShape, TARGET_IDS, type TargetId } from './scenarios.js';
import { probeStream } from './stream-probe.js';
import { loadSettings, plannedSeconds, type BenchSettings } from './settings.js';
import { failures, ratios, summarize, type RoundStats, type RunStats } from './stats.js';
import { deleteRedisKeys, loadSpec, startTargets, storeStats, verifyStores, type Target } from './targets.js';

const ROOT = join(import.meta.dirname, '../..');
const SCENARIOS = selectScenarios(process.env.BENCH_SCENARIOS);

/** Throws, naming the run, when anything but a 2xx came back: a benchmark of 429s or errors is worthless. */
function assertClean(what: string, run: RunStats): void {
  if (run.non2xx === 0 && run.errors === 0) return;
  throw new Error(`${what}: ${run.non2xx} non-2xx answers ${JSON.stringify(run.statusCodes)} and ${run.errors} errors`);
}

/** One request per target and scenario: all must answer 200 with the same envelope shape as the bare proxy. */
async function checkAnswers(targets: Target[]): Promise<void> {
  for (const scenario of SCENARIOS) {
    const shapes = new Map<TargetId, string>();
    for (const target of targets) {
      const spec = loadSpec(target, scenario, 1, 1);
      const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${target.id} ${scenario.id}: HTTP ${response.status} ${text.slice(0, 500)}`);
      const json = (): unknown => {
        try {
          return JSON.parse(text);
        } catch {
          return undefined;
        }
      };
      shapes.set(target.id, scenario.streamed === true ? streamShape(text) : envelopeShape(json()));
    }
    const bare = shapes.get('bare');
    for (const [id, shape] of shapes) {
      if (shape !== bare) throw new Error(`${scenario.id}: ${id} answers {${shape}}, the bare proxy {${bare}}`);
    }
  }
}

function gitCommit(): string {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const ownOutputs = new Set(['bench/results.json', 'README.md', 'docs/benchmarks.md']);
  // Porcelain lines are `XY path` with X often a space: the output is not trimmed, or the first path loses a letter.
  const dirty = git('status', '--porcelain', '--untracked-files=no')
    .split('\n')
    .some((line) => line.trim() !== '' && !ownOutputs.has(line.slice(3)));
  return `${git('rev-parse', '--short', 'HEAD').trim()}${dirty ? '+dirty' : ''}`;
}

async function measure(settings: BenchSettings, targets: Target[], load: LoadGenerator): Promise<Map<string, Map<TargetId, RoundStats[]>>> {
  const runLoad = (spec: LoadSpec): Promise<RunStats> => load.run(spec);
  for (const scenario of SCENARIOS) {
    for (const target of targets) {
      assertClean(`warm-up ${target.id} ${scenario.id}`, await runLoad(loadSpec(target, scenario, settings.connections, settings.warmupS)));
    }
  }
  const baseline = new Map<TargetId, number>();
  for (const target of targets.filter((t) => t.id !== 'bare')) baseline.set(target.id, (await storeStats(target))?.store_failures ?? 0);
  const rounds = new Map(SCENARIOS.map((s) => [s.id, new Map<TargetId, RoundStats[]>(TARGET_IDS.map((t) => [t, []]))]));
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const scenario of SCENARIOS) {
      for (const target of targets) {
        const c50 = await runLoad(loadSpec(target, scenario, settings.connections, settings.durationS));
        const rss = rssMB(target.pid);
        const c1Spec = loadSpec(target, scenario, 1, settings.c1DurationS);
        const c1 = scenario.streamed === true ? await probeStream(c1Spec) : await runLoad(c1Spec);
        const ttfb = c1.ttfbP50Ms === undefined ? '' : ` ttfb ${c1.ttfbP50Ms.toFixed(3)} ms`;
        console.log(
          `round ${round} ${scenario.id.padEnd(18)} ${target.id.padEnd(14)} c=${settings.connections} ${c50.rps.toFixed(0).padStart(6)} req/s`
            + ` p50 ${c50.p50Ms.toFixed(2)} ms p99 ${c50.p99Ms.toFixed(2)} ms | c=1 p50 ${c1.p50Ms.toFixed(3)} ms${ttfb} | RSS ${rss.toFixed(0)} MB`
            + ` | ${load.name} CPU ${c50.loadCpuPct.toFixed(0)} %`,
        );
        assertClean(`round ${round} ${target.id} ${scenario.id} c=${settings.connections}`, c50);
        assertClean(`round ${round} ${target.id} ${scenario.id} c=1`, c1);
        rounds.get(scenario.id)!.get(target.id)!.push({ c50, c1, rssMB: rss });
      }
    }
  }
  await verifyStores(targets, baseline);
  return rounds;
}

interface RunFacts {
  settings: BenchSettings;
  load: LoadGenerator;
  rssAtStart: Record<TargetId, number>;
  /** The commit measured, read before the run: edits made while it runs are not what it measured. */
  commit: string;
}

function results({ settings, load, rssAtStart, commit }: RunFacts, rounds: Map<string, Map<TargetId, RoundStats[]>>): BenchResults {
  const scenarios: ScenarioResult[] = SCENARIOS.map((scenario) => {
    const cells = rounds.get(scenario.id)!;
    const bare = summarize(cells.get('bare')!);
    const targets = Object.fromEntries(
      TARGET_IDS.map((id) => {
        const cellRounds = cells.get(id)!;
        const summary = summarize(cellRounds);
        return [id, { summary, ratios: ratios(summary, bare), ...failures(cellRounds), rounds: cellRounds }];
      }),
    ) as ScenarioResult['targets'];
    return { id: scenario.id, label: scenario.label, targets };
  });
  const cpu = cpus();
  return {
    smoke: settings.smoke,
    commit,
    node: process.version,
    date: new Date().toISOString(),
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    settings,
    loadGenerator: { name: load.name, note: load.note },
    rssAtStartMB: rssAtStart,
    scenarios,
  };
}

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const load = chooseLoadGenerator(process.env);
  const commit = gitCommit();
  const cells = SCENARIOS.length * TARGET_IDS.length;
  console.log(`bench: ${cells} cells, about ${plannedSeconds(settings, cells)} s of load${settings.smoke ? ' (smoke run)' : ''}; logs in ${logDirectory()}`);
  console.log(`bench: load generator ${load.note}`);
  const { targets, redisPrefix } = await startTargets(ROOT);
  try {
    const rssAtStart = Object.fromEntries(targets.map((t) => [t.id, rssMB(t.pid)])) as Record<TargetId, number>;
    console.log(`bench: RSS at start ${targets.map((t) => `${t.id} ${rssAtStart[t.id].toFixed(0)} MB`).join(', ')}`);
    await checkAnswers(targets);
    const measured = await measure(settings, targets, load);
    const output = results({ settings, load, rssAtStart, commit }, measured);
    mkdirSync(join(ROOT, 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(output, null, 2)}\n`);
    const markdown = renderMarkdown(output);
    console.log(`\n${markdown}\n\nwrote bench/results.json`);
    if (process.argv.includes('--publish')) publish(ROOT, output);
  } finally {
    await stopAll();
    await deleteRedisKeys(redisPrefix).catch((error: unknown) => console.error(`could not delete Redis keys ${redisPrefix}*: ${String(error)}`));
  }
}

const interrupted = (): void => {
  console.error('bench: interrupted');
  void stopAll().then(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

main().then(
  () => removeLogs(),
  async (error: unknown) => {
    console.error(`\nBENCH FAILED: ${error instanceof Error ? error.message : String(error)}\nprocess logs kept in ${logDirectory()}`);
    await stopAll();
    process.exit(1);
  },
);
