import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { AxiosError, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
import { cancelled, unreachable } from './upstream-errors.js';
import { UpstreamProtocols } from './upstream-protocols.js';

/** An upstream answer of any status, body unparsed: adapters decide what it means. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

function flatHeaders(response: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ');
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** TLS verification failures: configuration problems that another attempt cannot fix. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The code that explains a network failure. HTTP/2 wraps the real cause (a failed handshake surfaces as a
 * cancelled stream), so a TLS verification code anywhere in the cause chain wins.
 */
function failureCode(error: AxiosError): string | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth += 1) {
    const code: unknown = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_TRUST_CODES.has(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error.code;
}

/** Why a request did not get an answer, in words a client can act on (never the URL: it may carry secrets). */
function networkReason(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ERR_HTTP2_STREAM_ERROR':
    case 'ERR_HTTP2_STREAM_CANCEL':
      return 'stream reset';
    case 'ERR_HTTP2_ERROR':
    case 'ERR_HTTP2_SESSION_ERROR':
    case 'ERR_HTTP2_GOAWAY_SESSION':
      return 'HTTP/2 session failed';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ERR_CANCELED':
      return 'request cancelled';
    default:
      if (code !== undefined && TLS_TRUST_CODES.has(code)) return 'its TLS certificate is not trusted';
      return code ? code.toLowerCase().replace(/_/g, ' ') : 'network error';
  }
}

/**
 * Posts JSON to an upstream through the pooled @nestjs/axios client, over HTTP/2 where the origin speaks it.
 * Every status comes back as a value; only a request that got no answer throws: an UpstreamError that is
 * retryable for network failures, and a non-retryable "cancelled" one when `signal` aborted it (the caller
 * owns the signal and knows whether that meant a timeout or a client that left).
 */
@Injectable()
export class UpstreamClient {
  constructor(
    private readonly http: HttpService,
    private readonly protocols: UpstreamProtocols,
  ) {}

  async postJson(
    provider: string,
    url: string,
    headers: Record<string, string>,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> {
    const target = new URL(url);
    const payload = JSON.stringify(body);
    const protocol = this.protocols.optionsFor(target);
    try {
      return await this.send(url, headers, payload, protocol, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelled(provider);
      // The handshake picked HTTP/1.1: nothing reached the upstream, so this is not a retry.
      if (error instanceof AxiosError && protocol.httpVersion === 2 && this.protocols.lacksHttp2(target)) {
        try {
          return await this.send(url, headers, payload, {}, signal);
        } catch (again) {
          throw this.failure(provider, again, signal);
        }
      }
      throw this.failure(provider, error, signal);
    }
  }

  private async send(
    url: string,
    headers: Record<string, string>,
    payload: string,
    protocol: Pick<AxiosRequestConfig, 'httpVersion' | 'http2Options'>,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse> {
    const response = await firstValueFrom(
      this.http.post<string>(url, payload, {
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        responseType: 'text',
        // Parse ourselves: a body that is not JSON must become a 502, not a silently passed string.
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        signal,
        maxRedirects: 0,
        ...protocol,
      }),
    );
    return { status: response.status, headers: flatHeaders(response), text: typeof response.data === 'string' ? response.data : '' };
  }

  private failure(provider: string, error: unknown, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) return cancelled(provider);
    if (error instanceof AxiosError) {
      const code = failureCode(error);
      // Another attempt cannot fix an untrusted certificate.
      return unreachable(provider, networkReason(code), !(code !== undefined && TLS_TRUST_CODES.has(code)));
    }
    return error;
  }
}
