/** What streamOf() builds: a CompletionStream (src/completions/streaming/completion-stream.ts) by its shape. */
export interface ScriptedStream<D> {
  id: string;
  model: string;
  servedBy: string;
  attempts: number;
  cancel(): void;
  batches: AsyncIterable<readonly D[]>;
}

/**
 * A completion stream for unit specs: each step a batch of one delta, or an error thrown at that point. `fields`
 * replaces the id, model and served-by model (`cmpl-1`, `m`, `m`). Typed by shape, not by importing src/: the
 * benchmark's build compiles test/support on its own.
 */
export function streamOf<D>(steps: (D | Error)[], fields: Partial<Pick<ScriptedStream<D>, 'id' | 'model' | 'servedBy'>> = {}): ScriptedStream<D> {
  return {
    id: 'cmpl-1',
    model: 'm',
    servedBy: 'm',
    ...fields,
    attempts: 1,
    cancel: () => undefined,
    batches: (async function* () {
      for (const step of steps) {
        if (step instanceof Error) throw step;
        yield [step];
      }
    })(),
  };
}
