// Bounded loopback measurement of the upstream transports the gateway could use, against one TLS upstream:
//   node transport-bench.mjs <https-url> <sequential> <concurrent> <transport>
// Run by test/bench/transport.ts (npm run bench:transport) with NODE_EXTRA_CA_CERTS set (Node 20's fetch cannot take a CA otherwise).
// Prints one JSON line: ms for <sequential> requests one after another, then for <concurrent> at once.
import axios from 'axios';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

const [url, sequentialArg, concurrentArg, transport] = process.argv.slice(2);
const sequential = Number(sequentialArg);
const concurrent = Number(concurrentArg);
const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const headers = { 'content-type': 'application/json' };
const ca = [...rootCertificates, ...(process.env.BENCH_CA ? [process.env.BENCH_CA] : [])];

const transports = {
  'axios-http1-pool': () => {
    const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, ca });
    return (path) => axios.post(`${url}${path}`, body, { headers, httpsAgent, responseType: 'text', maxRedirects: 0 });
  },
  'axios-http2': () => (path) =>
    axios.post(`${url}${path}`, body, { headers, httpVersion: 2, http2Options: { ca, sessionTimeout: 30_000 }, responseType: 'text' }),
  'axios-fetch-adapter': () => (path) =>
    axios.post(`${url}${path}`, body, { headers, adapter: 'fetch', responseType: 'text' }),
};

async function measure(send) {
  await send('/v1/chat/completions'); // warm-up: handshake and pool
  let started = performance.now();
  for (let i = 0; i < sequential; i += 1) await send('/v1/chat/completions');
  const sequentialMs = performance.now() - started;
  started = performance.now();
  await Promise.all(Array.from({ length: concurrent }, () => send('/v1/chat/completions')));
  const concurrentMs = performance.now() - started;
  return { sequentialMs: Math.round(sequentialMs), concurrentMs: Math.round(concurrentMs) };
}

try {
  process.stdout.write(`${JSON.stringify(await measure(transports[transport]()))}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: `${error.code ?? ''} ${error.message}`.trim() })}\n`);
}
process.exit(0);
