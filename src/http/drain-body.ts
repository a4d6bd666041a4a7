import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** How much of a refused request's body is read and dropped, at most, before answering. */
export interface DrainBounds {
  maxBytes: number;
  timeoutMs: number;
}

type IncomingBody = Readable & { complete?: boolean; httpVersionMajor?: number };

/**
 * Reads and drops the rest of a request body, up to the bounds. Resolves true when the body ended (the client has
 * sent everything, so closing afterwards is clean), false when a bound was hit or the request went away.
 *
 * Why: answering and closing while a client is still sending makes the kernel reset the connection, and
 * fetch/undici then reports `EPIPE fetch failed` instead of the answer. The admission path refuses requests
 * before their body and can use this the same way.
 */
export function drainRequestBody(body: IncomingBody, bounds: DrainBounds): Promise<boolean> {
  if (body.complete === true || body.readableEnded) return Promise.resolve(true);
  if (body.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ended: boolean): void => {
      clearTimeout(timer);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      body.off('error', onClose);
      resolve(ended);
    };
    const onData = (chunk: Buffer | string): void => {
      seen += chunk.length;
      if (seen > bounds.maxBytes) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onClose = (): void => finish(body.complete === true);
    const timer = setTimeout(() => finish(false), bounds.timeoutMs);
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('close', onClose);
    body.once('error', onClose);
    body.resume();
  });
}

const refusedBeforeBody = new WeakSet<object>();

/**
 * Marks a request refused before its body was read (no key, a wrong Origin): it is answered at once, and Node
 * discards the rest of the body after the answer while keeping the connection, within BODY_TIMEOUT_MS.
 */
export function answerBeforeBody(request: FastifyRequest): void {
  refusedBeforeBody.add(request.raw);
}

/** Takes answerBeforeBody() back for a request that was admitted after all: its body is read as usual. */
export function admittedAfterAll(request: FastifyRequest): void {
  refusedBeforeBody.delete(request.raw);
}

/**
 * Every error answer waits for the rest of the request body (bounded) before it is written, so the client reads
 * the answer (413 included) instead of a reset. When a bound is hit, the connection closes after the answer.
 */
export function drainBeforeErrorReplies(fastify: FastifyInstance, bounds: DrainBounds): void {
  // Callback style: the successful answers pass without a promise; only an error answer waits.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // A request that ran out of time (408) is not waited for any longer.
    if (reply.statusCode < 400 || reply.statusCode === 408 || request.raw.complete || refusedBeforeBody.has(request.raw)) {
      done(null, payload);
      return;
    }
    drainRequestBody(request.raw, bounds).then(
      (ended) => {
        if (!ended && request.raw.httpVersionMajor === 1 && !reply.raw.headersSent) void reply.header('connection', 'close');
        done(null, payload);
      },
      (error: unknown) => done(error as Error),
    );
  });
}
