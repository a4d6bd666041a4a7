import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLIENT_KEY = 'test-client-key-0123456789';
export const OPENAI_KEY = 'sk-test-openai-secret-abcdef123456';
export const ANTHROPIC_KEY = 'sk-ant-test-anthropic-secret-987654';

const ROOT = join(import.meta.dirname, '../..');
export const MAIN = join(ROOT, 'dist/main.js');

export type Env = Record<string, string | undefined>;

/** The real gateway, `node dist/main.js`, started as its own process on a free loopback port. */
export interface RunningGateway {
  url: string;
  port: number;
  /** Every line the process wrote to stdout and stderr so far. */
  logs: string[];
  /** fetch against the gateway, with the client key unless `auth: false`; `json` sets the body and POST. */
  request(path: string, init?: RequestInit & { auth?: boolean; json?: unknown }): Promise<Response>;
  /** How the process ended (exit code or signal), or undefined while it runs: crash checks read it. */
  exited(): string | undefined;
  close(): Promise<void>;
}

function collectLines(stream: NodeJS.ReadableStream, into: string[], onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      into.push(line);
      onLine(line);
    }
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Runs dist/main.js with the environment (the client key and both provider keys by default) and waits for it to listen. */
export async function startGateway(env: Env = {}, timeoutMs = 20_000): Promise<RunningGateway> {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` (npm test does) first');
  const logs: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      GATEWAY_API_KEYS: CLIENT_KEY,
      OPENAI_API_KEY: OPENAI_KEY,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      // Suites that are not about rate limiting must not trip over the default 10/s; those that are set their own.
      RATE_LIMIT_BURST: '100000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in ${timeoutMs} ms:\n${logs.join('\n')}`)), timeoutMs);
    const onLine = (line: string): void => {
      const match = /"port":(\d+)/.exec(line);
      if (match && line.includes('Gateway listening')) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    collectLines(child.stdout!, logs, onLine);
    collectLines(child.stderr!, logs, onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    logs,
    request(path, init = {}) {
      const { auth = true, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth && !headers.has('authorization')) headers.set('authorization', `Bearer ${CLIENT_KEY}`);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
        method: rest.method ?? (json !== undefined ? 'POST' : 'GET'),
      });
    },
    exited() {
      if (child.exitCode !== null) return `exit code ${child.exitCode}`;
      return child.signalCode !== null ? `signal ${child.signalCode}` : undefined;
    },
    async close() {
      child.kill('SIGTERM');
      await waitForExit(child);
    },
  };
}

/** Unsets every rate-limit setting the harness or a suite may set: the gateway's own defaults apply. */
export const RATE_LIMIT_DEFAULTS: Env = {
  RATE_LIMIT_BURST: undefined,
  RATE_LIMIT_PER_MINUTE: undefined,
  RATE_LIMIT_BURST_WINDOW_MS: undefined,
  RATE_LIMIT_WINDOW_MS: undefined,
  RATE_LIMIT_OVERRIDES: undefined,
  RATE_LIMIT_FAIL_MODE: undefined,
  REDIS_TIMEOUT_MS: undefined,
  AUTH_FAILURE_LIMIT: undefined,
  AUTH_FAILURE_WINDOW_MS: undefined,
};

/** Environment pointing both providers at one simulator. */
export function simulatorEnv(simulatorUrl: string): Env {
  return { OPENAI_BASE_URL: `${simulatorUrl}/v1`, ANTHROPIC_BASE_URL: simulatorUrl };
}
