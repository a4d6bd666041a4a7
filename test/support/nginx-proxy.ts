import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '../..');
/** Renders the templates docker-compose.yml mounts into the official nginx image, as the image does. */
export const RENDER = join(ROOT, 'deploy/nginx/render-templates.sh');
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const nginxAvailable = (): boolean => existsSync(NGINX);

/**
 * Renders the templates into `confDir` with deploy/nginx/render-templates.sh, which does what the image does at
 * start (the settings check of deploy/nginx/entrypoint, then envsubst), from `vars` alone. Throws with the
 * script's output when it refuses (e.g. a GATEWAY_TLS it does not know).
 */
export function renderTemplates(confDir: string, vars: Record<string, string>): void {
  const result = spawnSync('sh', [RENDER, confDir], { env: { PATH: process.env.PATH, ...vars }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`render-templates.sh exited with ${result.status}: ${result.stderr.trim()}`);
}

/** nginx as a non-daemon child, configured from deploy/nginx/templates rendered into a temporary prefix. */
export interface RunningNginx {
  url: string;
  port: number;
  prefix: string;
  /** Everything nginx wrote to stderr (its error log). */
  log: string[];
  stop(): Promise<void>;
}

/**
 * A temporary nginx prefix: every template rendered as the image would (into <prefix>/conf.d, as the image does into
 * /etc/nginx/conf.d), a minimal nginx.conf standing in for the image's own, and `files` (e.g. tls/tls.crt).
 */
export function nginxPrefix(vars: Record<string, string>, files: Record<string, string> = {}): string {
  const prefix = mkdtempSync(join(tmpdir(), 'gateway-nginx-'));
  // Workers run as an unprivileged user when nginx is started as root: they must reach the prefix.
  chmodSync(prefix, 0o755);
  renderTemplates(join(prefix, 'conf.d'), vars);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(prefix, path)), { recursive: true });
    writeFileSync(join(prefix, path), text);
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(prefix, kind)};`).join(' ');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;\nevents { worker_connections 512; }\nhttp { access_log off; ${temp} include conf.d/*.conf; }\n`,
  );
  return prefix;
}

/** nginx's arguments for a prefix made by nginxPrefix, in the foreground, logging to stderr. */
export const nginxArgs = (prefix: string): string[] => ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr;`];

/** Runs nginx on the rendered templates (nginxPrefix) until stop(). */
export async function startNginx(vars: Record<string, string>, files: Record<string, string> = {}): Promise<RunningNginx> {
  const prefix = nginxPrefix(vars, files);
  const log: string[] = [];
  const child: ChildProcess = spawn(NGINX, nginxArgs(prefix), { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => log.push(...chunk.split('\n').filter((line) => line !== '')));
  const port = Number(vars.PROXY_PORT);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child, log);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    prefix,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: string[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log.join('\n')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true));
      socket.on('error', () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('connect', () => socket.end());
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nginx did not listen on ${port}:\n${log.join('\n')}`);
}
