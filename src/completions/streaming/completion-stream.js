import { clientClosed, deadlineExceeded } from '../resilience/call-errors.js';
const mixed = (delta) => delta.text !== undefined && delta.finish_reason !== undefined;
/** Splits a delta carrying both text and the finish reason, so consumers see text first, then the end. */
function normalized(batch) {
    if (!batch.some(mixed))
        return batch;
    return batch.flatMap((delta) => (mixed(delta) ? [{ text: delta.text }, { finish_reason: delta.finish_reason, usage: delta.usage }] : [delta]));
}
/** Every delta of a stream, one at a time, for a consumer that has no use for the batches (MCP's progress). */
export async function* eachDelta(stream) {
    for await (const batch of stream.batches)
        yield* batch;
}
/**
 * The part of a streamed completion after its first upstream event: the overall deadline and the client's
 * disconnect end the upstream request at once (one timer, one listener, both removed at the end).
 */
export function completionStream(start) {
    const { upstream, signal } = start;
    let cause;
    const stop = (why) => {
        cause ??= why;
        upstream.abort();
    };
    const timer = setTimeout(() => stop('deadline'), Math.max(0, start.deadlineAt - Date.now()));
    const onClientAbort = () => stop('client');
    signal?.addEventListener('abort', onClientAbort, { once: true });
    if (signal?.aborted)
        stop('client');
    const release = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onClientAbort);
    };
    /** Why the stream was stopped, as the error its consumer gets (the upstream's own error says only "cancelled"). */
    const stopped = () => {
        if (cause === 'client')
            return clientClosed();
        if (cause === 'deadline')
            return deadlineExceeded(start.deadlineMs);
        return undefined;
    };
    async function* batches() {
        let done = false;
        try {
            const early = stopped();
            if (early)
                throw early;
            yield normalized(upstream.first);
            for await (const batch of upstream.rest)
                yield normalized(batch);
            done = true;
        }
        catch (error) {
            throw stopped() ?? error;
        }
        finally {
            release();
            if (!done)
                upstream.abort();
        }
    }
    return {
        id: start.id,
        model: start.model,
        servedBy: start.servedBy,
        attempts: start.attempts,
        batches: batches(),
        cancel: () => stop('client'),
        deadlineAt: start.deadlineAt,
    };
}
