// A scriptable fake of the OpenAI and Anthropic APIs over real HTTP/1.1 (and HTTP/2 over
// TLS), recording every request, for the gateway's e2e tests, fault tests and benchmark.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicWire } from './anthropic-wire.js';
import { Exchange, type AnyRequest, type AnyResponse } from './exchange.js';
import { answerCountTokens } from './count-tokens-wire.js';
import { answerEmbeddings } from './embeddings-wire.js';
import { openaiError, openaiWire } from './openai-wire.js';
import type { RecordedRequest, Route, ScriptedReply, SimulatorOptions, StreamFault } from './types.js';
import { planCompletion, type StreamFrames, type WireFormat } from './wire.js';

export type { RecordedRequest, Route, ScriptedReply, SimulatorOptions, StreamFault } from './types.js';

const WIRES: readonly WireFormat[] = [openaiWire, anthropicWire];
const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream; charset=utf-8';
const DEFAULT_WAIT_MS = 5000;

/** Stamped on each accepted socket; readable through HTTP/2's socket proxies too. */
const CONNECTION_ID = Symbol('upstreamSimulator.connectionId');

interface QueuedReply {
  reply: ScriptedReply;
  route: Route | undefined;
}

type Server = http.Server | http2.Http2SecureServer;

export class UpstreamSimulator {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  /** Emits 'change' whenever `requests` grows or a record's clientClosed flips. */
  private readonly changes = new EventEmitter().setMaxListeners(0);
  private queue: QueuedReply[] = [];
  private defaults: Partial<Record<Route, ScriptedReply>> = {};
  private connections = 0;
  private listeningUrl = '';
  private stopping = false;
  private stopped: Promise<void> | undefined;

  private constructor(private readonly options: SimulatorOptions) {
    this.server = options.tls === undefined ? this.createPlainServer() : this.createTlsServer(options.tls);
  }

  static async start(options: SimulatorOptions = {}): Promise<UpstreamSimulator> {
    const simulator = new UpstreamSimulator(options);
    await simulator.listen(options.port ?? 0);
    return simulator;
  }

  /** e.g. 'http://127.0.0.1:41234' or 'https://127.0.0.1:41234'. */
  get url(): string {
    return this.listeningUrl;
  }

  /** Connections (TCP, or TLS sessions when serving TLS) ever accepted. */
  get connectionCount(): number {
    return this.connections;
  }

  /** Queues a reply (FIFO). Without a route it is used by whichever route is called next. */
  enqueue(reply: ScriptedReply, route?: Route): this {
    this.queue.push({ reply, route });
    return this;
  }

  /** Replaces the reply used when nothing is queued; without a route, for both routes. */
  setDefault(reply: ScriptedReply, route?: Route): this {
    for (const r of route === undefined ? WIRES.map((w) => w.route) : [route]) this.defaults[r] = reply;
    return this;
  }

  waitForRequests(n: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitFor(() => this.requests.length >= n, timeoutMs, () => `${n} requests (got ${this.requests.length})`);
  }

  waitForClientClose(index: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitFor(
      () => this.requests[index]?.clientClosed === true,
      timeoutMs,
      () => `client to close request #${index} (${this.requests.length} recorded)`,
    );
  }

  /** Forgets recorded requests, queued replies and defaults; connectionCount stays. */
  clear(): void {
    this.requests.length = 0; // in place, so callers holding the array see it too
    this.queue = [];
    this.defaults = {};
  }

  /** Closes the server and destroys every open socket and session, hanging ones included. */
  stop(): Promise<void> {
    // Set before destroying anything: destroy() emits close events synchronously, and those
    // must not be mistaken for clients going away.
    this.stopping = true;
    this.stopped ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const session of this.sessions) session.destroy();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.stopped;
  }

  // ---- server setup -------------------------------------------------------------------

  private createPlainServer(): http.Server {
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      this.track(socket);
      this.stamp(socket);
    });
    return server;
  }

  private createTlsServer(tls: NonNullable<SimulatorOptions['tls']>): http2.Http2SecureServer {
    const server = http2.createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, (req, res) => this.onRequest(req, res));
    // Raw TCP sockets are tracked for stop(); only completed TLS handshakes count as connections.
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('secureConnection', (socket: Socket) => this.stamp(socket));
    server.on('session', (session: http2.ServerHttp2Session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
      session.on('error', () => undefined); // a client vanishing is not the simulator's failure
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const { port: actual } = this.server.address() as AddressInfo;
        this.listeningUrl = `${this.options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${actual}`;
        resolve();
      });
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private stamp(socket: Socket): void {
    Object.defineProperty(socket, CONNECTION_ID, { value: ++this.connections });
  }

  private connectionIdOf(req: AnyRequest): number {
    // For HTTP/2, req.socket is a proxy that forwards property reads to the TLS socket.
    const id: unknown = Reflect.get(req.socket, CONNECTION_ID);
    return typeof id === 'number' ? id : 0;
  }

  // ---- request handling ---------------------------------------------------------------

  private onRequest(req: AnyRequest, res: AnyResponse): void {
    this.handle(req, res).catch(() => {
      // Writing to a stream the client just killed can throw; the request is over anyway.
      if (!res.headersSent) res.destroy();
    });
  }

  private async handle(req: AnyRequest, res: AnyResponse): Promise<void> {
    const receivedAt = Date.now();
    let record: RecordedRequest | undefined;
    let closedEarly = false;
    const exchange = new Exchange(req, res, () => {
      if (this.stopping) return; // the simulator closed it, not the client
      closedEarly = true;
      if (record !== undefined) this.markClientClosed(record);
    });
    const rawBody = await exchange.readBody();
    record = this.record(req, rawBody ?? '', receivedAt, closedEarly);
    if (rawBody === undefined || exchange.closed) return;
    await this.respond(exchange, record);
  }

  private record(req: AnyRequest, rawBody: string, receivedAt: number, clientClosed: boolean): RecordedRequest {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith(':')));
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers,
      body: parseJson(rawBody),
      rawBody,
      httpVersion: req.httpVersion,
      connectionId: this.connectionIdOf(req),
      receivedAt,
      clientClosed,
      route: undefined,
    };
    this.requests.push(record);
    this.changes.emit('change');
    return record;
  }

  private markClientClosed(record: RecordedRequest): void {
    record.clientClosed = true;
    this.changes.emit('change');
  }

  private async respond(exchange: Exchange, record: RecordedRequest): Promise<void> {
    const pathname = new URL(record.path, 'http://simulator').pathname;
    if (record.method === 'GET' && pathname.endsWith('/models')) return this.listModels(exchange, record);
    if (record.method === 'POST' && pathname.endsWith('/v1/embeddings')) return this.embeddings(exchange, record);
    if (record.method === 'POST' && pathname.endsWith('/v1/messages/count_tokens')) return this.countTokens(exchange, record);
    const wire = record.method === 'POST' ? WIRES.find((w) => w.matchesPath(pathname)) : undefined;
    if (wire === undefined) {
      const body = openaiError(`Invalid URL (${record.method} ${record.path})`, 'invalid_request_error');
      return this.sendFixed(exchange, openaiWire, 404, body);
    }
    record.route = wire.route;
    const key = wire.route === 'openai' ? this.options.openaiKey : this.options.anthropicKey;
    if (key !== undefined && !wire.isAuthorized(record.headers, key)) return this.sendError(exchange, wire, 401);
    if (record.body === undefined) {
      return this.sendError(exchange, wire, 400, 'We could not parse the JSON body of your request.');
    }
    // What the real API would refuse is refused here too, before any script (docs/tools.md, "Tests").
    const refusal = wire.refusal(record.body);
    if (refusal !== undefined) return this.sendError(exchange, wire, 400, refusal);
    await this.play(exchange, wire, this.takeReply(wire.route), record.body);
  }

  /**
   * GET {base}/models, as OpenAI (`/v1/models`, Bearer) or Anthropic (`/v1/models`, x-api-key) answers it: the same
   * path for both, told apart by the key header. Only the key is checked; the list is fixed.
   */
  private listModels(exchange: Exchange, record: RecordedRequest): Promise<void> {
    const wire = record.headers['x-api-key'] !== undefined ? anthropicWire : openaiWire;
    record.route = wire.route;
    const key = wire.route === 'openai' ? this.options.openaiKey : this.options.anthropicKey;
    if (key !== undefined && !wire.isAuthorized(record.headers, key)) return this.sendError(exchange, wire, 401);
    const body = wire.route === 'openai'
      ? { object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }] }
      : {
          data: [{ type: 'model', id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2025-05-22T00:00:00Z' }],
          has_more: false,
          first_id: 'claude-sonnet-4-6',
          last_id: 'claude-sonnet-4-6',
        };
    return this.sendFixed(exchange, wire, 200, body);
  }

  /**
   * POST {base}/embeddings, as OpenAI answers it (embeddings-wire.ts). A scripted reply with a status, a body or a
   * network fault is played instead, so the gateway's retries and error mapping can be tested here too.
   */
  private async embeddings(exchange: Exchange, record: RecordedRequest): Promise<void> {
    record.route = 'openai';
    if (this.options.openaiKey !== undefined && !openaiWire.isAuthorized(record.headers, this.options.openaiKey)) return this.sendError(exchange, openaiWire, 401);
    const reply = this.takeReply('openai');
    if (reply.status !== undefined || reply.body !== undefined || reply.rawBody !== undefined || reply.reset === true || reply.hang === true || reply.malformed === true) {
      return this.play(exchange, openaiWire, reply, record.body);
    }
    const answer = answerEmbeddings(record.body);
    if (!(await exchange.sleep(reply.delayMs ?? this.options.latencyMs ?? 0))) return;
    exchange.send(answer.status, responseHeaders(openaiWire, openaiWire.newRequestId(), JSON_TYPE, reply.headers ?? {}), JSON.stringify(answer.body));
  }

  /** POST {base}/v1/messages/count_tokens, as Anthropic answers it (count-tokens-wire.ts); no script. */
  private async countTokens(exchange: Exchange, record: RecordedRequest): Promise<void> {
    record.route = 'anthropic';
    if (this.options.anthropicKey !== undefined && !anthropicWire.isAuthorized(record.headers, this.options.anthropicKey)) return this.sendError(exchange, anthropicWire, 401);
    const answer = answerCountTokens(record.body);
    return this.sendFixed(exchange, anthropicWire, answer.status, answer.body);
  }

  private takeReply(route: Route): ScriptedReply {
    const index = this.queue.findIndex((q) => q.route === undefined || q.route === route);
    if (index === -1) return this.defaults[route] ?? {};
    const [queued] = this.queue.splice(index, 1);
    return queued.reply;
  }

  /** Errors the simulator itself raises (404, 401, 400): no script, only the default latency. */
  private sendError(exchange: Exchange, wire: WireFormat, status: number, message?: string): Promise<void> {
    const requestId = wire.newRequestId();
    return this.sendFixed(exchange, wire, status, wire.errorBody(status, requestId, message), requestId);
  }

  private async sendFixed(exchange: Exchange, wire: WireFormat, status: number, body: unknown, requestId = wire.newRequestId()): Promise<void> {
    if (!(await exchange.sleep(this.options.latencyMs ?? 0))) return;
    exchange.send(status, responseHeaders(wire, requestId, JSON_TYPE, {}), JSON.stringify(body));
  }

  /** Answers a routed request as the script says, falling back to a realistic success. */
  private async play(exchange: Exchange, wire: WireFormat, reply: ScriptedReply, body: unknown): Promise<void> {
    if (!(await exchange.sleep(reply.delayMs ?? this.options.latencyMs ?? 0))) return;
    if (reply.reset === true) return exchange.reset();
    if (reply.hang === true) return; // stop() or the client ends it

    const requestId = wire.newRequestId();
    const headers = (contentType: string): Record<string, string> => responseHeaders(wire, requestId, contentType, reply.headers ?? {});
    const status = reply.status ?? 200;
    const { cutAfterBytes } = reply;
    const send = (text: string): void => {
      if (cutAfterBytes !== undefined) return exchange.sendCut(status, headers(JSON_TYPE), text, cutAfterBytes);
      if (reply.unsized === true) return exchange.sendUnsized(status, headers(JSON_TYPE), text);
      return exchange.send(status, headers(JSON_TYPE), text);
    };
    if (reply.malformed === true) return send(wire.malformedBody());
    if (reply.rawBody !== undefined) return send(reply.rawBody);
    if (reply.body !== undefined) return send(JSON.stringify(reply.body));
    if (status >= 400) return send(JSON.stringify(wire.errorBody(status, requestId)));

    const prompt = wire.readPrompt(body);
    const plan = planCompletion(prompt, reply, wire.reasons, wire.toolIdPrefix);
    if (!prompt.stream) return send(JSON.stringify(wire.successBody(plan, prompt)));

    const frames = wire.streamFrames(plan, reply.omitStreamUsage === true ? { ...prompt, includeUsage: false } : prompt);
    const ending = reply.streamError === undefined ? frames.tail : [wire.streamErrorFrame(reply.streamError)];
    const fault = reply.streamFault;
    const planned = fault === undefined ? { ...frames, tail: ending } : faultyFrames(wire, frames, fault);
    await this.stream(exchange, status, headers(SSE_TYPE), planned, reply.chunkDelayMs ?? 0, fault?.kind);
  }

  private async stream(
    exchange: Exchange,
    status: number,
    headers: Record<string, string>,
    frames: StreamFrames,
    gapMs: number,
    fault?: StreamFault['kind'],
  ): Promise<void> {
    exchange.beginStream(status, { 'cache-control': 'no-cache', ...headers });
    const all = [...frames.head, ...frames.pieces, ...frames.tail];
    for (const [i, frame] of all.entries()) {
      if (i > 0 && !(await exchange.sleep(gapMs))) return;
      exchange.write(frame);
    }
    if (fault === 'stall') return; // silent until the client closes or the simulator stops
    if (fault === 'cut') {
      // Let the last frames leave before the reset, so the client sees them and then the cut.
      if (await exchange.sleep(Math.max(gapMs, 20))) exchange.reset();
      return;
    }
    exchange.end();
  }

  private waitFor(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`UpstreamSimulator: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
    });
  }
}

/** The frames of a stream that fails after `afterPieces` text events. */
function faultyFrames(wire: WireFormat, frames: StreamFrames, fault: StreamFault): StreamFrames {
  const pieces = frames.pieces.slice(0, fault.afterPieces);
  const tail = {
    error: [wire.streamErrorFrame(fault.error ?? { type: 'overloaded_error', message: 'Overloaded' })],
    malformed: ['data: {"choices":[{"delta":{"content":"cut\n\n'],
    cut: [],
    truncate: [],
    stall: [],
  }[fault.kind];
  return { head: frames.head, pieces, tail };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Standard headers first; scripted ones (lower-cased) override them. */
function responseHeaders(wire: WireFormat, requestId: string, contentType: string, extra: Record<string, string>): Record<string, string> {
  const scripted = Object.fromEntries(Object.entries(extra).map(([name, value]) => [name.toLowerCase(), value]));
  return { 'content-type': contentType, [wire.requestIdHeader]: requestId, ...scripted };
}
