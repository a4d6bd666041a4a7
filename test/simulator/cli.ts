// Standalone simulator process for the benchmark:
//   node cli.js [--port N] [--latency-ms N] [--openai-key K] [--anthropic-key K]
// Prints {"url":"http://127.0.0.1:PORT"} as one JSON line once listening; stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { UpstreamSimulator } from './upstream-simulator.js';

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'openai-key': { type: 'string' },
      'anthropic-key': { type: 'string' },
    },
  });
  const simulator = await UpstreamSimulator.start({
    port: nonNegativeInt('port', values.port, 0),
    latencyMs: nonNegativeInt('latency-ms', values['latency-ms'], 0),
    openaiKey: values['openai-key'],
    anthropicKey: values['anthropic-key'],
  });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);

  const shutdown = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`upstream simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
