// `npm run bench:floor`: how much of the gateway's cost is the design's (NestJS + Fastify) and how much its own
// work per request. Three targets in front of the same simulator: the bare proxy, a NestJS + Fastify app doing the
// bare proxy's work (nest-floor.ts), and the gateway (in-memory limits). Per scenario and round, each target gets
// the same wrk load in turn; reported are req/s and the target's own CPU time per request (user + system from
// /proc/<pid>/stat, its helper threads included), medians over rounds. FLOOR_ROUNDS (default 2), FLOOR_DURATION_S
// (default 4). Needs wrk.
import { join } from 'node:path';
import { processCpuSeconds } from './cpu.js';
import { gatewayMain, loadSpec, startGateway, startReference, startSimulator } from './targets.js';
import { floorTable, type FloorCell } from './floor-report.js';
import { stopAll } from './processes.js';
import { SCENARIOS } from './scenarios.js';
import { boundedInt } from './settings.js';
import { median } from './stats.js';
import { findWrk, runWrk } from './wrk.js';

const SCENARIO_IDS = ['models', 'chat-openai', 'chat-stream'];

async function main(): Promise<void> {
  const wrk = findWrk();
  if (wrk.path === undefined) throw new Error(`${wrk.note}: bench:floor needs wrk (apt-get install wrk)`);
  const rounds = boundedInt(process.env, 'FLOOR_ROUNDS', 2, 1, 10);
  const durationS = boundedInt(process.env, 'FLOOR_DURATION_S', 4, 1, 30);
  const sim = await startSimulator();
  const services = [
    await startReference('bare', 'bare-proxy.js', sim.url),
    await startReference('nest-floor', 'nest-floor.js', sim.url),
    await startGateway('gateway', gatewayMain(join(import.meta.dirname, '../..')), sim.url),
  ];
  const cells: FloorCell[] = [];
  for (const scenario of SCENARIOS.filter((s) => SCENARIO_IDS.includes(s.id))) {
    const runs = new Map<string, { rps: number[]; cpuUs: number[] }>(services.map((s) => [s.name, { rps: [], cpuUs: [] }]));
    for (let round = 0; round < rounds + 1; round++) {
      for (const service of services) {
        // Round 0 warms every target up (JIT, pools) and is not counted.
        const before = processCpuSeconds(service.child.pid!);
        const stats = await runWrk(wrk.path, loadSpec(service, scenario, 50, round === 0 ? 2 : durationS));
        const used = processCpuSeconds(service.child.pid!) - before;
        if (stats.non2xx > 0 || stats.errors > 0) throw new Error(`${service.name} ${scenario.id}: ${stats.non2xx} non-2xx, ${stats.errors} errors`);
        if (round === 0) continue;
        runs.get(service.name)!.rps.push(stats.rps);
        runs.get(service.name)!.cpuUs.push((used * 1e6) / stats.ok);
      }
    }
    for (const [target, run] of runs) cells.push({ scenario: scenario.label, target, rps: median(run.rps), cpuUs: median(run.cpuUs) });
  }
  process.stdout.write(`${floorTable(cells, 'bare', { rounds, durationS })}\n`);
}

try {
  await main();
} finally {
  await stopAll();
}
