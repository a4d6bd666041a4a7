import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX, nginxArgs, nginxAvailable, nginxPrefix, renderTemplates } from './support/nginx-proxy.js';

// deploy/nginx/render-templates.sh renders the templates as the nginx image does at start, after the same settings
// check (deploy/nginx/entrypoint/15-gateway-settings.envsh): every GATEWAY_TLS spelling the gateway takes for a
// boolean renders a configuration nginx accepts; anything else is refused in one line.
const BASE = { GATEWAY_UPSTREAM_1: '127.0.0.1:3001', GATEWAY_UPSTREAM_2: '127.0.0.1:3002', PROXY_PORT: '18080', MAX_BODY_BYTES: '4194304' };
const ON = ['on', 'ON', 'true', 'True', 'yes', '1'];
const OFF = ['off', 'Off', 'false', 'FALSE', 'no', '0', ''];

function render(extra: Record<string, string | undefined>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-render-'));
  try {
    const vars = Object.fromEntries(Object.entries({ ...BASE, ...extra }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    renderTemplates(dir, vars);
    const files: Record<string, string> = {};
    const walk = (sub: string): void => {
      for (const name of readdirSync(join(dir, sub))) {
        const path = join(sub, name);
        if (statSync(join(dir, path)).isDirectory()) walk(path);
        else files[path] = readFileSync(join(dir, path), 'utf8');
      }
    };
    walk('');
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const includeOf = (files: Record<string, string>): string | undefined => /include conf\.d\/(gateway\/listen-[a-z]+\.conf);/.exec(files['default.conf'] ?? '')?.[1];

describe('deploy/nginx/render-templates.sh', () => {
  it.each(ON)('GATEWAY_TLS=%s renders the TLS listener, an include that exists', (value) => {
    const files = render({ GATEWAY_TLS: value });
    expect(includeOf(files)).toBe('gateway/listen-on.conf');
    expect(files['gateway/listen-on.conf']).toContain('listen 18080 ssl');
  });

  it.each(OFF)('GATEWAY_TLS=%s renders the plain listener', (value) => {
    const files = render({ GATEWAY_TLS: value });
    expect(includeOf(files)).toBe('gateway/listen-off.conf');
    expect(files['gateway/listen-off.conf']).toContain('listen 18080;');
  });

  it('refuses any other GATEWAY_TLS in one line naming it, as the proxy container would at start', () => {
    expect(() => render({ GATEWAY_TLS: 'enabled' })).toThrow(/Configuration error: GATEWAY_TLS must be on or off \(true\/false, yes\/no, 1\/0\), got 'enabled'$/);
  });

  it('leaves no template variable unreplaced, and nginx variables alone', () => {
    const files = render({ GATEWAY_TLS: 'on', METRICS_PROXIED: 'on' });
    for (const text of Object.values(files)) expect(text).not.toMatch(/\$\{/);
    expect(files['default.conf']).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });

  it('closes /metrics on the public listener unless METRICS_PROXIED is on (Compose sets it only with METRICS_TOKEN)', () => {
    expect(render({})['default.conf']).toContain('map "$uri:off" $metrics_refused');
    expect(render({ METRICS_PROXIED: 'yes' })['default.conf']).toContain('map "$uri:off" $metrics_refused');
    expect(render({ METRICS_PROXIED: 'on' })['default.conf']).toContain('map "$uri:on" $metrics_refused');
  });

  // nginx itself checks each rendered configuration (`nginx -t`); skipped by name without nginx or openssl.
  const checkable = nginxAvailable() && spawnSync('openssl', ['version']).status === 0;
  const describeWithNginx = checkable ? describe : describe.skip;
  if (!checkable) it.todo(`nginx -t of each rendering skipped: no nginx at ${NGINX} or no openssl`);
  describeWithNginx('nginx -t accepts what it renders', () => {
    const tls: Record<string, string> = {};
    let certs: string;
    beforeAll(() => {
      certs = mkdtempSync(join(tmpdir(), 'gateway-render-tls-'));
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certs, 'tls.key'), '-out', join(certs, 'tls.crt'), '-days', '1', '-subj', '/CN=localhost']);
      expect(made.status).toBe(0);
      tls['tls/tls.crt'] = readFileSync(join(certs, 'tls.crt'), 'utf8');
      tls['tls/tls.key'] = readFileSync(join(certs, 'tls.key'), 'utf8');
    });
    afterAll(() => rmSync(certs, { recursive: true, force: true }));

    it.each(['on', 'true', '1', 'off', 'no'])('GATEWAY_TLS=%s', (value) => {
      const prefix = nginxPrefix({ ...BASE, GATEWAY_TLS: value }, tls);
      try {
        const checked = spawnSync(NGINX, [...nginxArgs(prefix), '-t'], { encoding: 'utf8' });
        expect(checked.stderr).toContain('test is successful');
        expect(checked.status).toBe(0);
      } finally {
        rmSync(prefix, { recursive: true, force: true });
      }
    });
  });
});
