// CPU time the load generator spends, to print beside every ratio: a load generator sharing the targets' cores
// caps the fastest target first, which flatters every ratio to it (issue 18).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function ticks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): index 0 is field 3, `state`. */
function statFields(pid: number | 'self' = 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU seconds of this process's children that have exited and been waited for (cutime + cstime): a wrk run's
 * own CPU, read before and after it (the targets, also children, run until the end and are not counted).
 */
export function childCpuSeconds(): number {
  const f = statFields();
  return (Number(f[13]) + Number(f[14])) / ticks();
}

/** CPU seconds a running process has used so far (utime + stime: all its threads, GC helpers included). */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  return (Number(f[11]) + Number(f[12])) / ticks();
}

/** CPU seconds of this process (user + system): autocannon's, when it is the load generator. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
