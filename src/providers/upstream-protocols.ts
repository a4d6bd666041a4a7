import { Inject, Injectable, Logger } from '@nestjs/common';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import type { AxiosRequestConfig } from 'axios';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { upstreamCa } from './http-agents.js';

/** An idle HTTP/2 session is closed after this long (axios's default of 1 s would reconnect between requests). */
const H2_IDLE_MS = 30_000;

/**
 * Picks HTTP/2 or HTTP/1.1 per upstream origin. With UPSTREAM_HTTP2 on, https origins get axios's HTTP/2
 * transport (one multiplexed session per origin); the TLS handshake offers both h2 and http/1.1 by ALPN, and an
 * origin that answers http/1.1 is remembered and served by the keep-alive agents from then on.
 */
@Injectable()
export class UpstreamProtocols {
  private readonly logger = new Logger('UpstreamProtocols');
  private readonly enabled: boolean;
  private readonly ca: string[] | undefined;
  /** What the latest TLS handshake with each origin negotiated. */
  private readonly negotiated = new Map<string, string | false | null>();
  private readonly http1Only = new Set<string>();
  /** One object for every request, so axios's session cache (deep equality of options) reuses sessions. */
  private readonly http2Options: NonNullable<AxiosRequestConfig['http2Options']>;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.enabled = config.upstream.http2;
    this.ca = upstreamCa(config.upstream);
    this.http2Options = { sessionTimeout: H2_IDLE_MS, createConnection: (authority: URL) => this.connectTls(authority) };
  }

  /** The axios options for a request to `url`: HTTP/2 when enabled and the origin is not known to lack it. */
  optionsFor(url: URL): Pick<AxiosRequestConfig, 'httpVersion' | 'http2Options'> {
    if (!this.enabled || url.protocol !== 'https:' || this.http1Only.has(url.origin)) return {};
    return { httpVersion: 2, http2Options: this.http2Options };
  }

  /**
   * After an HTTP/2 request failed: true when the origin's handshake did not pick h2, so the request never reached
   * it as HTTP/2 and may be sent again over HTTP/1.1 at once (and every later one too).
   */
  lacksHttp2(url: URL): boolean {
    const protocol = this.negotiated.get(url.origin);
    if (protocol === undefined || protocol === 'h2') return false;
    if (!this.http1Only.has(url.origin)) {
      this.http1Only.add(url.origin);
      this.logger.log(`upstream ${url.host} does not speak HTTP/2 (ALPN: ${protocol || 'none'}); using HTTP/1.1`);
    }
    return true;
  }

  private connectTls(authority: URL): TLSSocket {
    const host = authority.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(authority.port || 443),
      // SNI carries host names only.
      servername: isIP(host) ? undefined : host,
      ALPNProtocols: ['h2', 'http/1.1'],
      ca: this.ca,
    });
    socket.once('secureConnect', () => this.negotiated.set(authority.origin, socket.alpnProtocol));
    return socket;
  }
}
