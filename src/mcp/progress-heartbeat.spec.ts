import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ServerContext } from '@modelcontextprotocol/server';
import { startProgressHeartbeat, TEXT_PROGRESS_GAP_MS } from './progress-heartbeat.js';

interface Sent {
  progress: number;
  message: string;
}

/** The part of a tool call's context the reporter uses: the progress token and notify. */
function context(progressToken?: string): { ctx: ServerContext; sent: Sent[] } {
  const sent: Sent[] = [];
  const notify = async (notification: { params: Sent }): Promise<void> => {
    sent.push({ progress: notification.params.progress, message: notification.params.message });
  };
  const ctx = { mcpReq: { _meta: progressToken === undefined ? {} : { progressToken }, notify } } as unknown as ServerContext;
  return { ctx, sent };
}

// Fake timers (Date included): the gaps are exact, so the counts cannot shift on a loaded machine.
const sleep = (ms: number): void => {
  jest.advanceTimersByTime(ms);
};

describe('startProgressHeartbeat', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends nothing without a progress token', async () => {
    const { ctx, sent } = context();
    const progress = startProgressHeartbeat(ctx, 20, 'Waiting for m');
    progress.text('a');
    sleep(50);
    progress.stop();
    expect(sent).toEqual([]);
  });

  it('says it is waiting, then carries the text so far, at most every TEXT_PROGRESS_GAP_MS', async () => {
    const { ctx, sent } = context('t');
    const progress = startProgressHeartbeat(ctx, 10_000, 'Waiting for m');
    expect(sent).toEqual([{ progress: 1, message: 'Waiting for m (0 s)' }]);
    sleep(TEXT_PROGRESS_GAP_MS + 10);
    progress.text('one ');
    progress.text('one two ');
    progress.text('one two three');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ progress: 2, message: 'one ' });
    // The texts that came too soon are folded into one trailing notification with the latest text.
    sleep(TEXT_PROGRESS_GAP_MS + 20);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({ progress: 3, message: 'one two three' });
    progress.stop();
  });

  it('repeats while nothing new comes, and stops when told', async () => {
    const { ctx, sent } = context('t');
    const progress = startProgressHeartbeat(ctx, 30, 'Waiting for m');
    sleep(100);
    progress.stop();
    const count = sent.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(sent.map((s) => s.progress)).toEqual(sent.map((_s, i) => i + 1));
    sleep(80);
    expect(sent).toHaveLength(count);
  });
});
