import { ANTHROPIC } from './anthropic/anthropic.provider.js';
import { OPENAI } from './openai/openai.provider.js';
import { OPENAI_COMPATIBLE } from './openai-compatible/openai-compatible.provider.js';
/**
 * The providers the gateway knows. The config schema, the model list's `provider` values, the Swagger enum, the
 * MCP tool text and GET /v1/models all derive from one registry (docs/providers.md: "Adding a provider").
 */
export class ProviderRegistry {
    definitions;
    byKind;
    constructor(definitions) {
        this.definitions = definitions;
        this.byKind = new Map(definitions.map((definition) => [definition.kind, definition]));
        if (this.byKind.size !== definitions.length)
            throw new Error('two provider definitions share a kind');
    }
    get kinds() {
        return this.definitions.map((definition) => definition.kind);
    }
    /** The built-in models of every provider, in registry order. */
    get builtinModels() {
        return this.definitions.flatMap((definition) => definition.builtinModels.map((model) => ({ ...model })));
    }
    find(kind) {
        return this.byKind.get(kind);
    }
    get(kind) {
        const definition = this.byKind.get(kind);
        if (!definition)
            throw new Error(`no provider definition for '${kind}'`);
        return definition;
    }
}
/** Adding a provider: a folder with its definition, and one line here. */
export const PROVIDERS = new ProviderRegistry([OPENAI, ANTHROPIC, OPENAI_COMPATIBLE]);
