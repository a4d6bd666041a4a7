import type { OpenAPIObject } from '@nestjs/swagger';
import type { ProviderRegistry } from '../providers/registry.js';

/** The schemas whose `provider` property names a provider kind. */
const PROVIDER_SCHEMAS = ['ModelInfoDto'];

/**
 * Sets the `provider` enum (and its example) from the registry the gateway runs with, so the document lists
 * exactly the kinds the model list accepts; decorators are evaluated too early to know the registry.
 */
export function describeProviders(document: OpenAPIObject, registry: ProviderRegistry): OpenAPIObject {
  for (const name of PROVIDER_SCHEMAS) {
    const schema = document.components?.schemas?.[name];
    const property = schema && 'properties' in schema ? schema.properties?.provider : undefined;
    if (property && !('$ref' in property)) {
      property.enum = registry.kinds;
      property.example = registry.kinds[0];
    }
  }
  return document;
}
