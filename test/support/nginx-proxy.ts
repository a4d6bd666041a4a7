import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '../..');
/** The templates docker-compose.yml mounts into the official nginx image. */
export const TEMPLATES = join(ROOT, 'deploy/nginx/templates');
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const nginxAvailable = (): boolean => existsSync(NGINX);

/** What the image's envsubst step does: `${NAME}` replaced for the variables given; any other `${NAME}` is a test bug. */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`template variable ${name} is not set`);
    return value;
  });
}

function templatesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templatesUnder(join(dir, entry.name)) : entry.name.endsWith('.template') ? [join(dir, entry.name)] : [],
  );
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
 * Renders every template the image would (into <prefix>/conf.d, as the image does into /etc/nginx/conf.d) and
 * wraps them in a minimal nginx.conf standing in for the image's own; `files` adds more (e.g. tls/tls.crt).
 */
export async function startNginx(vars: Record<string, string>, files: Record<string, string> = {}): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'gateway-nginx-'));
  // Workers run as an unprivileged user when nginx is started as root: they must reach the prefix.
  chmodSync(prefix, 0o755);
  for (const template of templatesUnder(TEMPLATES)) {
    const target = join(prefix, 'conf.d', relative(TEMPLATES, template).replace(/\.template$/, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderTemplate(readFileSync(template, 'utf8'), vars));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(prefix, path)), { recursive: true });
    writeFileSync(join(prefix, path), text);
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(prefix, kind)};`).join(' ');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;\nevents { worker_connections 512; }\nhttp { access_log off; ${temp} include conf.d/*.conf; }\n`,
  );
  const log: string[] = [];
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
