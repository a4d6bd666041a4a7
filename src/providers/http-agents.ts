import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { UpstreamSettings } from '../config/upstream-settings.js';

/**
 * The CAs trusted for upstream TLS: Node's bundled roots plus UPSTREAM_CA_FILE. Undefined without an extra file,
 * so Node's defaults (and NODE_EXTRA_CA_CERTS) apply untouched; `ca` replaces the roots, hence the union.
 */
export function upstreamCa(settings: Pick<UpstreamSettings, 'ca'>): string[] | undefined {
  return settings.ca === undefined ? undefined : [...rootCertificates, settings.ca.toString('utf8')];
}

/**
 * Keep-alive pools for HTTP/1.1 upstream connections, one pool per origin inside each agent: a completion should
 * not pay for a TCP and TLS handshake. LIFO hands out the most recently used socket, so idle ones can time out.
 */
export function upstreamAgents(settings: Pick<UpstreamSettings, 'maxSockets' | 'ca'>): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
  const { maxSockets } = settings;
  const options = { keepAlive: true, keepAliveMsecs: 1000, maxSockets, maxFreeSockets: Math.min(maxSockets, 64), scheduling: 'lifo' as const };
  return { httpAgent: new HttpAgent(options), httpsAgent: new HttpsAgent({ ...options, ca: upstreamCa(settings) }) };
}
