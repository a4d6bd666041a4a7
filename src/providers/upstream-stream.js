import { readUpstream, UPSTREAM_MESSAGE_CUT } from './read-upstream.js';
import { redact } from './redact.js';
import { MalformedStreamEvent, StreamEventError } from './stream-transform.js';
import { readBody, responseTooLarge } from './transport/read-body.js';
import { serverSentEvents } from './transport/sse-parser.js';
import { transportFailure } from './transport/upstream-transport.js';
import { malformed, mapUpstreamFailure, UpstreamError } from './upstream-errors.js';
/** An error event as the UpstreamError a plain answer with the same status would be, with the provider's words. */
function eventFailure(label, error, secret) {
    const mapped = mapUpstreamFailure({ provider: label, status: error.status });
    const kind = error.kind !== undefined && /^[a-z_]{1,64}$/.test(error.kind) ? ` (${error.kind})` : '';
    const said = error.providerMessage ? `: ${redact(error.providerMessage.slice(0, UPSTREAM_MESSAGE_CUT), [secret])}` : '.';
    return new UpstreamError(mapped.status, `${label} reported an error in its stream${kind}${said}`, mapped.type, error.status, mapped.retryable, undefined, mapped.headers);
}
/** A plain JSON answer (an error status, or a server that ignored `stream: true`) as the deltas of a stream. */
function asDeltas(result) {
    const text = result.text === '' ? [] : [{ text: result.text }];
    const calls = (result.tool_calls ?? []).map((call, index) => ({ tool_call: { index, id: call.id, name: call.name, arguments: call.arguments } }));
    return [...text, ...calls, { finish_reason: result.finish_reason, usage: result.usage }];
}
async function* deltaBatches(call, reply, signal) {
    const { definition, secret, maxBytes } = call;
    const { label } = definition;
    let finished = false;
    try {
        if (reply.status >= 400 || !(reply.headers['content-type'] ?? '').includes('text/event-stream')) {
            const text = await readBody(label, reply, maxBytes, signal);
            finished = true;
            yield asDeltas(readUpstream(definition, { status: reply.status, headers: reply.headers, text }, call.asked, secret));
            return;
        }
        const parse = call.transform.createParser(call.asked);
        // The body is not destroyed when the loop returns early, so a finished stream's connection can be reused.
        const chunks = reply.body.iterator({ destroyOnReturn: false });
        // One batch per body chunk: the deltas of every event that chunk completed, up to the one with the finish reason.
        for await (const events of serverSentEvents(chunks, maxBytes, () => responseTooLarge(label, maxBytes))) {
            const batch = [];
            for (const event of events) {
                let deltas;
                try {
                    deltas = parse(event);
                }
                catch (error) {
                    // What came before the bad event reaches the client first, as if the events had come one by one.
                    if (batch.length > 0)
                        yield batch;
                    throw error;
                }
                const end = deltas.findIndex((delta) => delta.finish_reason !== undefined);
                batch.push(...(end === -1 ? deltas : deltas.slice(0, end + 1)));
                if (end !== -1) {
                    finished = true;
                    break;
                }
            }
            if (batch.length > 0)
                yield batch;
            if (finished)
                return;
        }
        throw malformed(label, 'the stream ended before its last event', reply.status);
    }
    catch (error) {
        if (error instanceof UpstreamError)
            throw error;
        if (error instanceof StreamEventError)
            throw eventFailure(label, error, secret);
        if (error instanceof MalformedStreamEvent)
            throw malformed(label, error.what, reply.status);
        throw transportFailure(label, error, signal);
    }
    finally {
        // A finished stream's remaining bytes (usually none) are read so the connection can be reused.
        if (finished)
            reply.body.dump().catch(() => undefined);
        else
            reply.body.destroy();
    }
}
/**
 * One streaming attempt: sends the streaming request and waits for the first deltas, so that everything before
 * them (no answer, an error status, an error event, silence until the attempt's timeout) fails the attempt and
 * goes through the retries and fallbacks. The request has its own controller: `signal` (the attempt's) is
 * forwarded only until the attempt returns; after that `abort()` is the way to end it.
 */
export async function openUpstreamStream(transport, call, signal) {
    const controller = new AbortController();
    const forward = () => controller.abort();
    signal.addEventListener('abort', forward, { once: true });
    if (signal.aborted)
        controller.abort();
    const abort = () => controller.abort();
    try {
        const reply = await transport.send(call.definition.label, call.request, controller.signal);
        const rest = deltaBatches(call, reply, controller.signal);
        const first = await rest.next();
        if (first.done === true)
            throw malformed(call.definition.label, 'the stream ended before its last event', reply.status);
        return { first: first.value, rest, abort };
    }
    catch (error) {
        abort();
        throw error;
    }
    finally {
        signal.removeEventListener('abort', forward);
    }
}
