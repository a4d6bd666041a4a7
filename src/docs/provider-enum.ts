import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { ModelInfoDto } from '../models/dto/model-info.dto.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { schemaName } from './schema-source.js';

/** The schemas whose `provider` property names a provider kind. */
const PROVIDER_SCHEMAS = [schemaName(ModelInfoDto)];

/**
 * Sets the `provider` enum (and its example) from the registry the gateway runs with, so the schemas list exactly
 * the kinds the model list accepts; decorators are evaluated too early to know the registry. Used for the Swagger
 * document and for the MCP tool schemas (src/docs/schema-source.ts), so both say the same.
 */
export function describeProviderKinds(schemas: Record<string, unknown> | undefined, registry: ProviderRegistry): void {
  for (const name of PROVIDER_SCHEMAS) {
    const schema = schemas?.[name] as SchemaObject | undefined;
    const property = schema?.properties?.provider;
    if (property && !('$ref' in property)) {
      property.enum = registry.kinds;
      property.example = registry.kinds[0];
    }
  }
}

export function describeProviders(document: OpenAPIObject, registry: ProviderRegistry): OpenAPIObject {
  describeProviderKinds(document.components?.schemas, registry);
  return document;
}
