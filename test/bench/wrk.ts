// The load generator of `npm run bench` (issue 18): wrk, a C program, so the load costs little of the cores the
// targets run on. Found on PATH (or /usr/bin/wrk); when missing, installed with apt-get if this process may
// (root, or sudo without a password), and the run says which it did. Latencies come from wrk's histogram
// (microsecond resolution) through a Lua `done` hook that prints one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childCpuSeconds } from './cpu.js';
import type { LoadSpec } from './load.js';
import type { RunStats } from './stats.js';

const MARK = 'WRKJSON ';
const scriptDir = mkdtempSync(join(tmpdir(), 'llm-gateway-wrk-'));

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin', '/usr/local/bin')) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function tryInstall(): string | undefined {
  const root = process.getuid?.() === 0;
  const apt = root ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  try {
    execFileSync(apt[0]!, [...apt.slice(1), 'install', '-y', '-q', 'wrk'], { stdio: 'ignore', timeout: 180_000 });
  } catch {
    return undefined;
  }
  return onPath('wrk');
}

/** wrk's path and how it was found, or undefined with the reason it is not there. */
export function findWrk(): { path?: string; note: string } {
  const found = onPath('wrk');
  if (found !== undefined) return { path: found, note: `wrk at ${found}` };
  const installed = tryInstall();
  if (installed !== undefined) return { path: installed, note: `wrk was missing; installed it with apt-get (${installed})` };
  return { note: 'wrk is missing and could not be installed (apt-get install wrk needs root)' };
}

/** A Lua long string holding `text` verbatim, whatever brackets it contains. */
function luaString(text: string): string {
  let eq = '=';
  while (text.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${text}]${eq}]`;
}

function script(spec: LoadSpec): string {
  const lines = [`wrk.method = "${spec.method}"`];
  if (spec.body !== undefined) lines.push(`wrk.body = ${luaString(spec.body)}`);
  for (const [name, value] of Object.entries(spec.headers)) lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format('${MARK}{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n',`,
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

interface WrkSummary {
  requests: number;
  duration_us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50_us: number;
  p99_us: number;
}

/** One wrk run (one thread: one core of wrk drives far more than these targets serve). */
export async function runWrk(wrk: string, spec: LoadSpec): Promise<RunStats> {
  const file = join(scriptDir, 'load.lua');
  writeFileSync(file, script(spec));
  const args = ['-t', '1', '-c', String(spec.connections), '-d', `${spec.durationS}s`, '--timeout', '10s', '-s', file, spec.url];
  const cpuBefore = childCpuSeconds();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}: ${out}`))));
  });
  const line = output.split('\n').find((l) => l.startsWith(MARK));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${output}`);
  const w = JSON.parse(line.slice(MARK.length)) as WrkSummary;
  const seconds = w.duration_us / 1e6;
  const ok = w.requests - w.status;
  const errors = w.connect + w.read + w.write + w.timeout;
  return {
    rps: seconds > 0 ? ok / seconds : 0,
    p50Ms: w.p50_us / 1000,
    p99Ms: w.p99_us / 1000,
    ok,
    non2xx: w.status,
    // wrk counts answers of status 400 and above without telling them apart.
    statusCodes: w.status > 0 ? { '4xx/5xx': w.status } : {},
    errors,
    seconds,
    loadCpuPct: seconds > 0 ? (100 * (childCpuSeconds() - cpuBefore)) / seconds : 0,
  };
}
