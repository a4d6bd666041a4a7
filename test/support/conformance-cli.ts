import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../node_modules/@modelcontextprotocol/conformance/dist/index.js');

/** One check of a conformance scenario, as the CLI writes it to checks.json. */
export interface ConformanceCheck {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

/**
 * The CLI needs Node >= 22 (it uses fs.globSync). Under Node 22+ it runs on this very Node; under Node 20 on the
 * npm registry's `node@24` package through npx (fetched once into the npm cache, then offline). Not a devDependency:
 * that package's `node` bin would shadow the project's Node in every npm script.
 */
function nodeCommand(): [string, string[]] {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return [process.execPath, []];
  return [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['-y', '-p', 'node@24', 'node']];
}

/** Runs one server scenario of `@modelcontextprotocol/conformance` against `url` and returns its checks. */
export async function runServerScenario(url: string, scenario: string, timeoutMs = 30_000): Promise<ConformanceCheck[]> {
  const output = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
  const [command, prefix] = nodeCommand();
  const args = [...prefix, CLI, 'server', '--url', url, '--scenario', scenario, '--output-dir', output];
  try {
    const log = await new Promise<string>((resolve) => {
      // A failing scenario exits non-zero: the checks, not the exit code, say what failed.
      execFile(command, args, { timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } }, (_error, stdout, stderr) =>
        resolve(`${stdout}${stderr}`),
      );
    });
    const runs = readdirSync(output).filter((name) => name.startsWith(`server-${scenario}-`));
    if (runs.length !== 1) throw new Error(`conformance CLI wrote no result for ${scenario}:\n${log}`);
    return JSON.parse(readFileSync(join(output, runs[0]!, 'checks.json'), 'utf8')) as ConformanceCheck[];
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}
