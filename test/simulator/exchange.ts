// One request/response pair, hiding the differences between HTTP/1.1 and the HTTP/2
// compatibility API: body reading, client-close detection, abortable waits, resets.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { constants as h2constants, Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { text } from 'node:stream/consumers';
import { setTimeout as delay } from 'node:timers/promises';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Connection-specific headers are illegal in HTTP/2; scripted ones are dropped there. */
const H2_FORBIDDEN_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export class Exchange {
  private readonly controller = new AbortController();
  private closedByServer = false;

  /** `onClientClose` runs once if the client goes away before the response finished. */
  constructor(
    private readonly req: AnyRequest,
    private readonly res: AnyResponse,
    onClientClose: () => void,
  ) {
    const clientGone = (): void => {
      if (!this.closedByServer) onClientClose();
    };
    // Once the response is closed, for whatever reason, nothing more can be written.
    res.once('close', () => this.controller.abort());
    if (res instanceof Http2ServerResponse) {
      // The compat response emits 'finish' even for cancelled streams; 'aborted' is only
      // emitted when the stream dies before its writable side ended.
      res.stream.once('aborted', clientGone);
    } else {
      res.once('close', () => {
        if (!res.writableFinished) clientGone();
      });
    }
  }

  /** True once the response can no longer be written (finished, cancelled or reset). */
  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** The whole request body as UTF-8, or undefined if the client vanished mid-body. */
  async readBody(): Promise<string | undefined> {
    try {
      return await text(this.req);
    } catch {
      return undefined;
    }
  }

  /** Waits `ms`; resolves false instead if the response closed meanwhile. */
  async sleep(ms: number): Promise<boolean> {
    if (this.closed) return false;
    if (ms <= 0) return true;
    try {
      await delay(ms, undefined, { signal: this.controller.signal });
      return true;
    } catch {
      return false;
    }
  }

  writeHead(status: number, headers: Record<string, string>): void {
    if (this.res instanceof Http2ServerResponse) {
      const allowed = Object.entries(headers).filter(([name]) => !H2_FORBIDDEN_HEADERS.has(name));
      this.res.writeHead(status, Object.fromEntries(allowed) as OutgoingHttpHeaders);
    } else {
      this.res.writeHead(status, headers);
    }
  }

  /** Starts a streamed response; headers go out at once so clients see it before any delay. */
  beginStream(status: number, headers: Record<string, string>): void {
    if (this.closed) return;
    this.writeHead(status, headers);
    // HTTP/2's writeHead already sends; HTTP/1.1 would wait for the first body write.
    if (!(this.res instanceof Http2ServerResponse)) this.res.flushHeaders();
  }

  write(chunk: string): void {
    if (this.closed) return;
    // Narrowed so TypeScript can pick one of the two incompatible write overload sets.
    if (this.res instanceof Http2ServerResponse) this.res.write(chunk);
    else this.res.write(chunk);
  }

  end(chunk?: string): void {
    if (this.closed) return;
    if (chunk === undefined) this.res.end();
    else this.res.end(chunk);
  }

  /** A complete non-streamed response. */
  send(status: number, headers: Record<string, string>, body: string): void {
    if (this.closed) return;
    this.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    this.end(body);
  }

  /** A complete response whose length is not announced: the client learns it only by reading to the end. */
  sendUnsized(status: number, headers: Record<string, string>, body: string): void {
    if (this.closed) return;
    this.writeHead(status, headers);
    for (let at = 0; at < body.length && !this.closed; at += 65_536) this.write(body.slice(at, at + 65_536));
    this.end();
  }

  /**
   * A response cut short: its Content-Length promises the whole body, only the first `bytes` of it are sent, then
   * the connection closes (HTTP/1.1; HTTP/2 resets the stream after the partial write).
   */
  sendCut(status: number, headers: Record<string, string>, body: string, bytes: number): void {
    if (this.closed) return;
    const whole = Buffer.from(body);
    this.writeHead(status, { 'content-length': String(whole.length), ...headers });
    const part = whole.subarray(0, Math.max(0, Math.min(bytes, whole.length - 1)));
    const cut = (): void => {
      this.closedByServer = true;
      if (this.req instanceof Http2ServerRequest) this.req.stream.close(h2constants.NGHTTP2_INTERNAL_ERROR);
      else this.req.socket.destroy();
    };
    if (this.res instanceof Http2ServerResponse) this.res.write(part, cut);
    else this.res.write(part, cut);
  }

  /** Drops the request without an answer: TCP RST on HTTP/1.1, RST_STREAM on HTTP/2. */
  reset(): void {
    this.closedByServer = true;
    if (this.req instanceof Http2ServerRequest) {
      // Only this stream fails; other requests multiplexed on the session carry on.
      this.req.stream.close(h2constants.NGHTTP2_INTERNAL_ERROR);
      return;
    }
    const socket = this.req.socket;
    try {
      // An RST rather than a FIN makes the client see ECONNRESET.
      socket.resetAndDestroy();
    } catch {
      // TLS sockets cannot send a bare RST; closing them is the nearest equivalent.
      socket.destroy();
    }
  }
}
