// The upstream simulator as the benchmark's upstream: zero latency, provider keys checked, and its record of
// requests dropped every second (the test suites read it; here it would only grow by hundreds of thousands).
// Unlike test/simulator/cli.ts, which keeps every record.
//   node simulator-process.js <openai-key> <anthropic-key>
// Prints {"url":"http://127.0.0.1:PORT"} once listening; stops on SIGINT/SIGTERM.
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';

const [openaiKey, anthropicKey] = process.argv.slice(2);
if (!openaiKey || !anthropicKey) throw new Error('usage: simulator-process.js <openai-key> <anthropic-key>');
const simulator = await UpstreamSimulator.start({ latencyMs: 0, openaiKey, anthropicKey });
setInterval(() => simulator.clear(), 1000).unref();
console.log(JSON.stringify({ url: simulator.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void simulator.stop().finally(() => process.exit(0)));
}
