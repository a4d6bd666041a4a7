import type { CompletionRequest, CompletionResult, ProviderDefinition, UpstreamRequest } from './provider-definition.js';
import { readUpstream, UPSTREAM_MESSAGE_CUT } from './read-upstream.js';
import { redact } from './redact.js';
import { MalformedStreamEvent, StreamEventError, type ServerSentEvent, type StreamDelta, type StreamTransform } from './stream-transform.js';
import { readBody, responseTooLarge } from './transport/read-body.js';
import { sseDecoder } from './transport/sse-parser.js';
import { transportFailure, type UpstreamReply, type UpstreamTransport } from './transport/upstream-transport.js';
import { malformed, mapUpstreamFailure, UpstreamError } from './upstream-errors.js';

/**
 * An upstream stream that has produced its first deltas (the attempt succeeded): `first` holds them, `rest` yields
 * the following ones, ending after the delta with the finish reason. `rest` throws an UpstreamError when the
 * stream fails (error event, cut, unreadable event, size bound, or `abort()`: then "cancelled").
 */
export interface UpstreamStream {
  first: StreamDelta[];
  rest: AsyncGenerator<StreamDelta[]>;
  /** Ends the upstream request at once (the connection is closed); `rest` then throws. */
  abort(): void;
}

export interface StreamCall {
  definition: ProviderDefinition;
  transform: StreamTransform;
  request: UpstreamRequest;
  /** What the client asked, in the gateway's terms (for the parser). */
  asked: CompletionRequest;
  secret: string | undefined;
  maxBytes: number;
}

/** An error event as the UpstreamError a plain answer with the same status would be, with the provider's words. */
function eventFailure(label: string, error: StreamEventError, secret: string | undefined): UpstreamError {
  const mapped = mapUpstreamFailure({ provider: label, status: error.status });
  const kind = error.kind !== undefined && /^[a-z_]{1,64}$/.test(error.kind) ? ` (${error.kind})` : '';
  const said = error.providerMessage ? `: ${redact(error.providerMessage.slice(0, UPSTREAM_MESSAGE_CUT), [secret])}` : '.';
  return new UpstreamError(mapped.status, `${label} reported an error in its stream${kind}${said}`, mapped.type, error.status, mapped.retryable, undefined, mapped.headers);
}

/** A plain JSON answer (an error status, or a server that ignored `stream: true`) as the deltas of a stream. */
function asDeltas(result: CompletionResult): StreamDelta[] {
  const text = result.text === '' ? [] : [{ text: result.text }];
  const calls = (result.tool_calls ?? []).map((call, index) => ({ tool_call: { index, id: call.id, name: call.name, arguments: call.arguments } }));
  return [...text, ...calls, { finish_reason: result.finish_reason, usage: result.usage }];
}

/**
 * The deltas of the events one body chunk completed, up to the one with the finish reason (`end`). An event the
 * parser refuses is returned as `failure`, after the deltas before it: what came before the bad event reaches the
 * client first, as if the events had come one by one.
 */
function deltasOf(events: ServerSentEvent[], parse: (event: ServerSentEvent) => StreamDelta[]): { batch: StreamDelta[]; failure?: unknown; end: boolean } {
  const batch: StreamDelta[] = [];
  for (const event of events) {
    let deltas: StreamDelta[];
    try {
      deltas = parse(event);
    } catch (error) {
      return { batch, failure: error, end: false };
    }
    const end = deltas.findIndex((delta) => delta.finish_reason !== undefined);
    if (end === -1) {
      for (const delta of deltas) batch.push(delta);
      continue;
    }
    for (let i = 0; i <= end; i++) batch.push(deltas[i]!);
    return { batch, end: true };
  }
  return { batch, end: false };
}

async function* deltaBatches(call: StreamCall, reply: UpstreamReply, signal: AbortSignal): AsyncGenerator<StreamDelta[]> {
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
    const events = sseDecoder(maxBytes, () => responseTooLarge(label, maxBytes));
    // The body is not destroyed when the loop returns early, so a finished stream's connection can be reused.
    const chunks = reply.body.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    // One batch per body chunk: the deltas of every event that chunk completed, up to the one with the finish reason.
    for await (const chunk of chunks) {
      const { batch, failure, end } = deltasOf(events.feed(chunk), parse);
      if (batch.length > 0) yield batch;
      if (failure !== undefined) throw failure;
      if (end) {
        finished = true;
        return;
      }
    }
    const { batch, failure, end } = deltasOf(events.end(), parse);
    if (batch.length > 0) yield batch;
    if (failure !== undefined) throw failure;
    if (end) {
      finished = true;
      return;
    }
    throw malformed(label, 'the stream ended before its last event', reply.status);
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (error instanceof StreamEventError) throw eventFailure(label, error, secret);
    if (error instanceof MalformedStreamEvent) throw malformed(label, error.what, reply.status);
    throw transportFailure(label, error, signal);
  } finally {
    // A finished stream's remaining bytes (usually none) are read so the connection can be reused.
    if (finished) reply.body.dump().catch(() => undefined);
    else reply.body.destroy();
  }
}

/**
 * One streaming attempt: sends the streaming request and waits for the first deltas, so that everything before
 * them (no answer, an error status, an error event, silence until the attempt's timeout) fails the attempt and
 * goes through the retries and fallbacks. The request has its own controller: `signal` (the attempt's) is
 * forwarded only until the attempt returns; after that `abort()` is the way to end it.
 */
export async function openUpstreamStream(transport: UpstreamTransport, call: StreamCall, signal: AbortSignal): Promise<UpstreamStream> {
  const controller = new AbortController();
  const forward = (): void => controller.abort();
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) controller.abort();
  const abort = (): void => controller.abort();
  try {
    const reply = await transport.send(call.definition.label, call.request, controller.signal);
    const rest = deltaBatches(call, reply, controller.signal);
    const first = await rest.next();
    if (first.done === true) throw malformed(call.definition.label, 'the stream ended before its last event', reply.status);
    return { first: first.value, rest, abort };
  } catch (error) {
    abort();
    throw error;
  } finally {
    signal.removeEventListener('abort', forward);
  }
}
