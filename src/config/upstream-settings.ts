import { ConfigError } from './config-error.js';
import { boolVar, intVar, pemFile, text, type Env } from './env.js';

/** How the gateway talks to upstreams: deadlines, retries and connection pooling (docs/resilience.md). */
export interface UpstreamSettings {
  /** Per attempt: one upstream call is abandoned after this long (a model's `timeout_ms` overrides it). */
  timeoutMs: number;
  /** Overall: the client gets 504 after this long, retries included (a model's `request_timeout_ms` overrides it). */
  requestTimeoutMs: number;
  /** Retries after the first attempt, on retryable failures only. */
  maxRetries: number;
  /** Backoff before retry n is a random delay in [0, min(retryMaxMs, retryBaseMs * 2^n)] (full jitter). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Connections per upstream origin in the keep-alive pool. */
  maxSockets: number;
  /** Speak HTTP/2 to https upstreams that negotiate it (ALPN); http upstreams always get HTTP/1.1. */
  http2: boolean;
  /** Largest upstream response body read; beyond it the call answers 502 (UPSTREAM_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /** Largest image a `data:` URL may carry, decoded (MAX_IMAGE_BYTES; Anthropic's own limit by default). */
  maxImageBytes: number;
  /** A streamed answer gets a keep-alive comment after this long without an event (STREAM_KEEPALIVE_MS). */
  streamKeepAliveMs: number;
  /** Extra CA certificates (PEM) trusted for upstream TLS, on top of Node's bundled roots. */
  ca?: Buffer;
}

const HOUR_MS = 3_600_000;

function readCaFile(env: Env): Buffer | undefined {
  const file = text(env, 'UPSTREAM_CA_FILE');
  return file === undefined ? undefined : pemFile('UPSTREAM_CA_FILE', file, '-----BEGIN CERTIFICATE-----', 'holds no PEM certificate');
}

export function loadUpstreamSettings(env: Env): UpstreamSettings {
  const retryBaseMs = intVar(env, 'UPSTREAM_RETRY_BASE_MS', 250, 1, 60_000);
  const settings: UpstreamSettings = {
    timeoutMs: intVar(env, 'UPSTREAM_TIMEOUT_MS', 60_000, 1, HOUR_MS),
    requestTimeoutMs: intVar(env, 'REQUEST_TIMEOUT_MS', 120_000, 1, HOUR_MS),
    maxRetries: intVar(env, 'UPSTREAM_MAX_RETRIES', 2, 0, 10),
    retryBaseMs,
    retryMaxMs: intVar(env, 'UPSTREAM_RETRY_MAX_MS', Math.max(8_000, retryBaseMs), 1, 10 * 60_000),
    maxSockets: intVar(env, 'UPSTREAM_MAX_SOCKETS', 256, 1, 65_536),
    http2: boolVar(env, 'UPSTREAM_HTTP2', true),
    maxResponseBytes: intVar(env, 'UPSTREAM_MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxImageBytes: intVar(env, 'MAX_IMAGE_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    streamKeepAliveMs: intVar(env, 'STREAM_KEEPALIVE_MS', 15_000, 10, HOUR_MS),
    ca: readCaFile(env),
  };
  if (settings.retryMaxMs < settings.retryBaseMs) {
    throw new ConfigError(`UPSTREAM_RETRY_MAX_MS must be at least UPSTREAM_RETRY_BASE_MS (${settings.retryBaseMs})`);
  }
  return settings;
}
