var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Agent, buildConnector, Client, Pool } from 'undici';
import { CONFIG } from '../../config/gateway-config.js';
import { cancelled, unreachable } from '../upstream-errors.js';
import { failureCode, networkReason, TLS_TRUST_CODES } from './network-failure.js';
import { upstreamCa } from './upstream-ca.js';
/** Concurrent streams on one HTTP/2 connection (Node's and most servers' default MAX_CONCURRENT_STREAMS is 100+). */
const H2_STREAMS = 100;
function flatHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (typeof value === 'string')
            out[name] = value;
        else if (Array.isArray(value))
            out[name] = value.join(', ');
    }
    return out;
}
/** The failure a request (or its body) that got no complete answer becomes; see docs/providers.md "Transport". */
export function transportFailure(label, error, signal) {
    if (signal.aborted)
        return cancelled(label);
    const code = failureCode(error);
    if (code === undefined && !(error instanceof Error))
        return error;
    const message = error instanceof Error ? error.message : '';
    // Another attempt cannot fix an untrusted certificate.
    return unreachable(label, networkReason(code, message), !(code !== undefined && TLS_TRUST_CODES.has(code)));
}
/**
 * The completions data path: one undici Agent (a keep-alive pool per origin, at most UPSTREAM_MAX_SOCKETS
 * connections each), HTTP/2 by ALPN for https origins when UPSTREAM_HTTP2 allows it, HTTP/1.1 otherwise.
 * One `request()` per attempt; the caller's signal is its only timer (undici's own timeouts are off).
 * The agent lives as long as the process: closing it in a shutdown hook would fail the retries of completions
 * still draining, and undici unrefs idle sockets, so it never holds the process open.
 */
let UpstreamTransport = class UpstreamTransport {
    logger = new Logger('UpstreamTransport');
    agent;
    http1Origins = new Set();
    constructor(config) {
        const { http2, maxSockets } = config.upstream;
        const connector = buildConnector({ allowH2: http2, ca: upstreamCa(config.upstream) });
        this.agent = new Agent({
            allowH2: http2,
            connections: maxSockets,
            headersTimeout: 0,
            bodyTimeout: 0,
            factory: (origin, options) => new Pool(origin, { ...options, factory: (at, clientOptions) => this.connection(at, clientOptions, connector, http2) }),
        });
    }
    /**
     * One connection of an origin's pool. HTTP/1.1 ones carry one request at a time (no pipelining); one that
     * negotiated h2 multiplexes up to H2_STREAMS, which undici only does when `pipelining` allows it.
     */
    connection(origin, options, connector, http2) {
        const client = new Client(origin, {
            ...options,
            pipelining: 1,
            connect: (connectOptions, callback) => connector(connectOptions, (...result) => {
                const [error, socket] = result;
                const alpn = error === null ? socket.alpnProtocol : undefined;
                client.pipelining = alpn === 'h2' ? H2_STREAMS : 1;
                if (error === null && http2 && connectOptions.protocol === 'https:')
                    this.noteProtocol(connectOptions.hostname, alpn);
                callback(...result);
            }),
        });
        return client;
    }
    /**
     * Posts JSON. Every status comes back as a value; a request that got no answer throws an UpstreamError
     * (retryable for network failures, "cancelled" when `signal` aborted it: the caller knows why).
     */
    async send(label, request, signal) {
        const url = new URL(request.url);
        try {
            const response = await this.agent.request({
                origin: url.origin,
                path: `${url.pathname}${url.search}`,
                method: 'POST',
                headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
                body: JSON.stringify(request.body),
                signal,
                // Lets HTTP/2 multiplex POSTs on one session; undici never retries on its own.
                idempotent: true,
            });
            return { status: response.statusCode, headers: flatHeaders(response.headers), body: response.body };
        }
        catch (error) {
            throw transportFailure(label, error, signal);
        }
    }
    noteProtocol(host, protocol) {
        if (protocol === 'h2' || this.http1Origins.has(host))
            return;
        this.http1Origins.add(host);
        this.logger.log(`upstream ${host} does not speak HTTP/2 (ALPN: ${protocol || 'none'}); using HTTP/1.1`);
    }
};
UpstreamTransport = __decorate([
    Injectable(),
    __param(0, Inject(CONFIG)),
    __metadata("design:paramtypes", [Object])
], UpstreamTransport);
export { UpstreamTransport };
