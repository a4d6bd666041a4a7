import { rootCertificates } from 'node:tls';
/**
 * The CAs trusted for upstream TLS: Node's bundled roots plus UPSTREAM_CA_FILE. Undefined without an extra file,
 * so Node's defaults (and NODE_EXTRA_CA_CERTS) apply untouched; `ca` replaces the roots, hence the union.
 */
export function upstreamCa(settings) {
    return settings.ca === undefined ? undefined : [...rootCertificates, settings.ca.toString('utf8')];
}
