import type { ModelEntry } from '../config/model-entry.js';
import { ANTHROPIC } from './anthropic/anthropic.provider.js';
import { OPENAI } from './openai/openai.provider.js';
import { OPENAI_COMPATIBLE } from './openai-compatible/openai-compatible.provider.js';
import type { ProviderDefinition } from './provider-definition.js';

/**
 * The providers the gateway knows. The config schema, the model list's `provider` values, the Swagger enum, the
 * MCP tool text and GET /v1/models all derive from one registry (docs/providers.md: "Adding a provider").
 */
export class ProviderRegistry {
  private readonly byKind: ReadonlyMap<string, ProviderDefinition>;

  constructor(readonly definitions: readonly ProviderDefinition[]) {
    this.byKind = new Map(definitions.map((definition) => [definition.kind, definition]));
    if (this.byKind.size !== definitions.length) throw new Error('two provider definitions share a kind');
  }

  get kinds(): string[] {
    return this.definitions.map((definition) => definition.kind);
  }

  /** The built-in models of every provider, in registry order. */
  get builtinModels(): ModelEntry[] {
    return this.definitions.flatMap((definition) => definition.builtinModels.map((model) => ({ ...model })));
  }

  find(kind: string): ProviderDefinition | undefined {
    return this.byKind.get(kind);
  }

  get(kind: string): ProviderDefinition {
    const definition = this.byKind.get(kind);
    if (!definition) throw new Error(`no provider definition for '${kind}'`);
    return definition;
  }
}

/** Adding a provider: a folder with its definition, and one line here. */
export const PROVIDERS = new ProviderRegistry([OPENAI, ANTHROPIC, OPENAI_COMPATIBLE]);
