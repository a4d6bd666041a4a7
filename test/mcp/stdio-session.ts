import { spawn } from 'node:child_process';
import { ANTHROPIC_KEY, OPENAI_KEY } from '../support/gateway-harness.js';
import { STDIO_ENTRY } from './mcp-clients.js';

export interface StdioSession {
  /** Every line the server wrote to stdout, in order. */
  stdout: string[];
  stderr: string;
  exitCode: number | null;
}

/**
 * Talks to `node dist/mcp-stdio.js` without the SDK: writes the messages as JSON lines, waits until every request
 * (a message with an id) has its response, closes stdin and waits for the process to exit. What comes back is the
 * raw stdout, so a test can check that nothing but MCP messages was written there.
 */
export function stdioSession(messages: object[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<StdioSession> {
  const child = spawn(process.execPath, [STDIO_ENTRY], {
    env: { PATH: process.env.PATH, OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const expected = messages.filter((message) => 'id' in message).length;
  const stdout: string[] = [];
  let stderr = '';
  let rest = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stdio session timed out; stdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`));
    }, timeoutMs);
    const answered = (): number => stdout.filter((line) => /"(result|error)"/.test(line)).length;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      stdout.push(...lines);
      if (answered() >= expected) child.stdin.end();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (rest !== '') stdout.push(rest);
      resolve({ stdout, stderr, exitCode: code });
    });
    for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
    if (expected === 0) child.stdin.end();
  });
}
