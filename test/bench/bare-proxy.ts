// The bare reference proxy of `npm run bench` (issue 8): node:http + one undici Pool per upstream origin, doing
// per request only what the gateway must do (key check, JSON in, provider mapping, upstream call, envelope out),
// for POST /v1/complete, POST /openai/v1/chat/completions (also streamed: bare-chat.ts) and GET /v1/models.
// The gateway's throughput and latency are reported as ratios to this process.
// Environment: UPSTREAM_URL (the simulator), BARE_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY.
// Prints {"url":"http://127.0.0.1:PORT"} once listening; stops on SIGINT/SIGTERM.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { chatFromUpstream, chatToUpstream, reencodeChunks } from './bare-chat.js';
import { completionBody, errorBody, fromUpstream, MODELS_BODY, toUpstream, type Provider } from './bare-wire.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const upstream = new URL(required('UPSTREAM_URL'));
const keyDigest = createHash('sha256').update(required('BARE_API_KEY')).digest();
const providerKeys: Record<Provider, string> = { openai: required('OPENAI_API_KEY'), anthropic: required('ANTHROPIC_API_KEY') };
/** Same origin for both providers here (one simulator), but kept per origin as a real proxy must. */
const baseUrls: Record<Provider, string> = { openai: upstream.origin, anthropic: upstream.origin };
const pools = new Map<string, Pool>();
/** The gateway's default UPSTREAM_MAX_SOCKETS. */
const MAX_SOCKETS = 256;

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (pool === undefined) {
    pool = new Pool(origin, { connections: MAX_SOCKETS });
    pools.set(origin, pool);
  }
  return pool;
}

/** Constant-time: both sides are hashed to equal-length digests before timingSafeEqual. */
function authorized(req: IncomingMessage): boolean {
  const header = req.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(createHash('sha256').update(header.slice(7)).digest(), keyDigest);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function fail(res: ServerResponse, status: number, type: string, message: string, param: string | null = null): void {
  send(res, status, errorBody(status, type, message, param, `req_${randomUUID()}`));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const mapped = toUpstream(await readBody(req), providerKeys);
  if ('field' in mapped) return fail(res, 400, 'invalid_request_error', `Invalid '${mapped.field}' parameter.`, mapped.field);
  const { call, model } = mapped;
  const answer = await poolFor(baseUrls[call.provider]).request({ method: 'POST', path: call.path, headers: call.headers, body: call.body });
  const json: unknown = await answer.body.json().catch(() => undefined);
  const completion = answer.statusCode === 200 ? fromUpstream(call.provider, json) : undefined;
  if (completion === undefined) return fail(res, 502, 'upstream_error', `Upstream answered ${answer.statusCode}.`);
  send(res, 200, completionBody(`cmpl-${randomUUID().replace(/-/g, '')}`, model, completion));
}

async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const mapped = chatToUpstream(await readBody(req));
  if ('field' in mapped) return fail(res, 400, 'invalid_request_error', `Invalid '${mapped.field}' parameter.`, mapped.field);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${providerKeys.openai}` };
  const answer = await poolFor(baseUrls.openai).request({ method: 'POST', path: '/v1/chat/completions', headers, body: mapped.body });
  const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
  if (answer.statusCode !== 200) {
    await answer.body.dump();
    return fail(res, 502, 'upstream_error', `Upstream answered ${answer.statusCode}.`);
  }
  if (!mapped.stream) {
    const body = chatFromUpstream(mapped.model, id, await answer.body.json().catch(() => undefined));
    return body === undefined ? fail(res, 502, 'upstream_error', 'Malformed upstream answer.') : send(res, 200, body);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let pending = '';
  for await (const chunk of answer.body) {
    const { frames, rest } = reencodeChunks(mapped.model, id, pending + (chunk as Buffer).toString('utf8'));
    pending = rest;
    if (frames !== '') res.write(frames);
  }
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!authorized(req)) return fail(res, 401, 'authentication_error', 'Invalid API key.');
  if (req.method === 'GET' && req.url === '/v1/models') return send(res, 200, MODELS_BODY);
  if (req.method === 'POST' && req.url === '/v1/complete') return complete(req, res);
  if (req.method === 'POST' && req.url === '/openai/v1/chat/completions') return chat(req, res);
  fail(res, 404, 'not_found', 'Not found.');
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) fail(res, 502, 'upstream_error', 'Upstream unreachable.');
    else res.destroy();
  });
});
server.keepAliveTimeout = 75_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});

const shutdown = (): void => {
  server.close();
  server.closeAllConnections();
  void Promise.all([...pools.values()].map((pool) => pool.close())).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
