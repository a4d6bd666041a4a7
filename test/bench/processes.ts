// The benchmark's child processes: each logs to its own file (no pipe for this process to drain while it also
// generates the load), is found ready by a line in that file, and is killed however the benchmark ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Service {
  name: string;
  child: ChildProcess;
  /** What `ready` extracted from the log, e.g. the URL the service listens on. */
  url: string;
  logFile: string;
}

const STOP_GRACE_MS = 5_000;
const logDir = mkdtempSync(join(tmpdir(), 'llm-gateway-bench-'));
const running = new Set<ChildProcess>();

// Last resort on any exit path (thrown error, process.exit): nothing outlives the benchmark.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `node <args>` with only PATH and `env`, and resolves once `ready` finds what it looks for in the log
 * (it returns the service's URL). Fails with the log's tail if the process exits or `timeoutMs` passes first.
 */
export async function startService(
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: (log: string) => string | undefined,
  timeoutMs = 30_000,
): Promise<Service> {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = ready(readFileSync(logFile, 'utf8'));
    if (url !== undefined) return { name, child, url, logFile };
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${tail(logFile)}`);
    await sleep(50);
  }
}

/** SIGTERM to every child still running, SIGKILL to any still there after a grace period. */
export async function stopAll(): Promise<void> {
  const exits = [...running].map((child) => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    return Promise.race([exited, sleep(STOP_GRACE_MS).then(() => void child.kill('SIGKILL'))]);
  });
  await Promise.all(exits);
}

/** Removes the children's logs; kept (and named in the error) when the run failed. */
export function removeLogs(): void {
  rmSync(logDir, { recursive: true, force: true });
}

export function logDirectory(): string {
  return logDir;
}

/** Resident set size of a process, in MB (10^6 bytes), from /proc/<pid>/status. */
export function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return (Number(kib) * 1024) / 1e6;
}
