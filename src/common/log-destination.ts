import { pino, type DestinationStream } from 'pino';

/** A write larger than this goes out at once rather than waiting for the end of the event-loop turn. */
const MAX_PENDING_CHARS = 64 * 1024;

/** pino's JSON lines start with the level: 10 trace, 20 debug, 30 info; anything else is a warning or worse. */
const isRoutine = (line: string): boolean => line.startsWith('{"level":30') || line.startsWith('{"level":20') || line.startsWith('{"level":10');

/**
 * Standard output for JSON log lines, written once per event-loop turn: every line of one turn (under load, the
 * request lines of every answer sent in it) goes out in one write instead of one system call each. A warning or
 * worse is written at once, after whatever waits before it, and whatever waits is written when the process
 * exits, so no line is late by more than the turn it was logged in, and none is lost on exit.
 */
export function batchedStdout(fd = 1): DestinationStream {
  const out = pino.destination({ dest: fd, sync: true });
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  process.once('exit', flush);
  return {
    write(line: string): void {
      pending += line;
      if (!isRoutine(line) || pending.length >= MAX_PENDING_CHARS) return flush();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
