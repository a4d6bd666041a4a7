import { createSecureContext } from 'node:tls';
import { ConfigError } from './config-error.js';
import { boolVar, pemFile, text } from './env.js';
function readPem(env, name) {
    return pemFile(name, text(env, name) ?? '', '-----BEGIN ', 'is not a PEM file');
}
export function loadServerTransport(env) {
    const certSet = text(env, 'TLS_CERT_FILE') !== undefined;
    const keySet = text(env, 'TLS_KEY_FILE') !== undefined;
    const cleartext = boolVar(env, 'HTTP2_CLEARTEXT', false);
    if (certSet !== keySet) {
        throw new ConfigError(certSet ? 'TLS_KEY_FILE must be set together with TLS_CERT_FILE' : 'TLS_CERT_FILE must be set together with TLS_KEY_FILE');
    }
    if (certSet) {
        if (cleartext)
            throw new ConfigError('HTTP2_CLEARTEXT cannot be combined with TLS_CERT_FILE/TLS_KEY_FILE (TLS already serves HTTP/2)');
        const cert = readPem(env, 'TLS_CERT_FILE');
        const key = readPem(env, 'TLS_KEY_FILE');
        try {
            // Fails here, at boot, on a malformed certificate or a key that does not match it.
            createSecureContext({ cert, key });
        }
        catch (error) {
            throw new ConfigError(`TLS_CERT_FILE/TLS_KEY_FILE: not a usable certificate and key pair (${error.message})`);
        }
        return { kind: 'tls', cert, key };
    }
    return cleartext ? { kind: 'h2c' } : { kind: 'http1' };
}
/** The scheme clients use to reach the server, for the startup log line. */
export function serverScheme(transport) {
    return transport.kind === 'tls' ? 'https' : 'http';
}
/** The Fastify server options for the transport (spread into the FastifyAdapter options). */
export function serverProtocolOptions(transport) {
    switch (transport.kind) {
        case 'tls':
            // ALPN picks h2 or http/1.1 per connection on the one port.
            return { http2: true, https: { allowHTTP1: true, cert: transport.cert, key: transport.key } };
        case 'h2c':
            return { http2: true };
        default:
            return {};
    }
}
