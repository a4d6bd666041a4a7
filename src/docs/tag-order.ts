import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The operation groups in the order a user reads them, each matched by name so a surface added later (e.g. an
 * Anthropic-compatible one) lands in its place: completions, models, OpenAI, Anthropic, MCP, health, operations
 * (/metrics), usage, admin. A tag matching none goes last.
 */
const ORDER: readonly { match: RegExp; description?: string }[] = [
  { match: /^completions$/i, description: "The gateway's own completion API, in the envelope." },
  { match: /^models$/i, description: 'The models the gateway serves and whether each is available.' },
  { match: /^openai/i, description: "OpenAI's API and shapes, for the official SDKs (docs/openai-compatible.md)." },
  { match: /^anthropic/i, description: "Anthropic's Messages API for every model (docs/anthropic-compatible.md)." },
  { match: /^mcp$/i, description: 'The Model Context Protocol endpoint (docs/mcp.md).' },
  { match: /^health$/i, description: 'Liveness, readiness and provider probes (docs/health.md).' },
  { match: /^operations$/i, description: 'Prometheus metrics (docs/observability.md).' },
  { match: /^usage$/i, description: "A managed key's own spend and budget (docs/teams.md)." },
  { match: /^admin$/i, description: 'Managed keys, teams, usage and audit (needs DATABASE_URL; docs/teams.md).' },
];

const rank = (tag: string): number => {
  const index = ORDER.findIndex((entry) => entry.match.test(tag));
  return index === -1 ? ORDER.length : index;
};

/** `document.tags`: every tag an operation uses, once, in ORDER (Swagger UI lists groups in this order). */
export function orderTags(document: OpenAPIObject): OpenAPIObject {
  const used = new Set(Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, { tags?: string[] }>).flatMap((operation) => operation?.tags ?? [])));
  const known = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  const tags = [...used]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => known.get(name) ?? { name, ...(ORDER[rank(name)]?.description !== undefined && { description: ORDER[rank(name)]!.description }) });
  return { ...document, tags };
}
