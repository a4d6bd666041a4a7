// Boot-time validation of the resilience, pooling and TLS settings (README "Resilience"): a bad value stops the
// start with a message naming the variable or model-list field.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, startGateway } from './support/gateway-harness.js';
import { makeTestCertificate, type TestCertificate } from './transport/test-certificate.js';

let dir: string;
let certificate: TestCertificate;
let other: TestCertificate;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-resilience-config-'));
  certificate = makeTestCertificate();
  other = makeTestCertificate();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  certificate.remove();
  other.remove();
});

function boot(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', GATEWAY_API_KEYS: 'some-client-key', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Each case boots a process (about two seconds): the full matrix of values is in the unit specs
// (src/config/upstream-settings.spec.ts, src/config/model-list-resilience.spec.ts); these prove the wiring.
describe('resilience settings are validated at boot', () => {
  it.each([
    ['UPSTREAM_MAX_RETRIES', () => ({ UPSTREAM_MAX_RETRIES: '11' }), /UPSTREAM_MAX_RETRIES must be between 0 and 10/],
    ['UPSTREAM_CA_FILE', () => ({ UPSTREAM_CA_FILE: '/nonexistent/ca.pem' }), /UPSTREAM_CA_FILE: cannot read \/nonexistent\/ca.pem \(ENOENT\)/],
    ['HTTP2_CLEARTEXT', () => ({ HTTP2_CLEARTEXT: 'sometimes' }), /HTTP2_CLEARTEXT must be true or false/],
    ['only TLS_CERT_FILE', () => ({ TLS_CERT_FILE: certificate.certPath }), /TLS_KEY_FILE must be set together with TLS_CERT_FILE/],
    ['an unreadable TLS_KEY_FILE', () => ({ TLS_CERT_FILE: certificate.certPath, TLS_KEY_FILE: join(dir, 'nope.pem') }), /TLS_KEY_FILE: cannot read .*nope\.pem/],
    ['a key that does not match the certificate', () => ({ TLS_CERT_FILE: certificate.certPath, TLS_KEY_FILE: other.keyPath }), /TLS_CERT_FILE\/TLS_KEY_FILE: not a usable certificate and key pair/],
    ['an unknown fallback', () => ({ GATEWAY_CONFIG: file('unknown.yaml', entry('    fallbacks: [claude, nope]\n')) }), /model 'x'\.fallbacks names 'nope', which is not in the model list/],
    ['a bad timeout_ms', () => ({ GATEWAY_CONFIG: file('timeout.yaml', entry('    timeout_ms: fast\n')) }), /models\[0\]\.timeout_ms must be a positive integer/],
  ])('a bad %s stops the start with a message naming it', (_name, env, message) => {
    const result = boot(env());
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a model list with timeouts and fallbacks (to a built-in) starts', async () => {
    const path = file('good.yaml', entry('    timeout_ms: 5000\n    request_timeout_ms: 20000\n    fallbacks: [claude, gpt-4o]\n'));
    const gateway = await startGateway({ GATEWAY_CONFIG: path });
    try {
      const body = (await (await gateway.request('/v1/models')).json()) as { data: { models: { id: string }[] } };
      expect(body.data.models.map((m) => m.id)).toEqual(['gpt-4o', 'claude', 'x']);
    } finally {
      await gateway.close();
    }
  });
});

function entry(extra: string): string {
  return `models:\n  - id: x\n    provider: openai\n    upstream_model: m\n${extra}`;
}
