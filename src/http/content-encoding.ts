import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../common/api-error.js';

/**
 * The gateway reads request bodies as they are: a body labelled compressed would be parsed as if it were not
 * (a plain body labelled gzip used to be accepted). So any coding but identity is refused, before the body is read.
 */
export function unsupportedContentEncoding(headers: IncomingHttpHeaders): ApiError | undefined {
  const raw = headers['content-encoding'];
  if (raw === undefined) return undefined;
  const codings = raw.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '');
  const hasBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
  if (!hasBody || codings.every((coding) => coding === 'identity')) return undefined;
  const shown = raw.length > 64 ? `${raw.slice(0, 64)}…` : raw;
  return new ApiError(
    415,
    `Unsupported Content-Encoding '${shown}': send the request body uncompressed (no Content-Encoding header, or identity).`,
    'unsupported_media_type',
  );
}

export function refuseEncodedBodies(fastify: FastifyInstance): void {
  // Callback style: an async hook costs a promise on every request with a body.
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const refusal = unsupportedContentEncoding(request.headers);
    if (refusal) done(refusal);
    else done(null, payload);
  });
}
