import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { ProviderCapabilities } from '../providers/provider-definition.js';
import type { ModelCapabilitiesDto, ModelListDto } from './dto/model-info.dto.js';

/** A strong ETag for one listing (the whole list, or the part a managed key may see). */
export function listingEtag(listing: ModelListDto): string {
  return `"${createHash('sha256').update(JSON.stringify(listing)).digest('base64url').slice(0, 27)}"`;
}

/** A model's capabilities as the listings show them (GET /v1/models, /openai/v1/models, MCP list_models). */
export function capabilityFields(capabilities: ProviderCapabilities): ModelCapabilitiesDto {
  return { supports_tools: capabilities.tools, supports_vision: capabilities.vision, supports_json_schema: capabilities.json_schema };
}

/** The model list of this process: fixed at boot, so its listing and ETag are computed once. */
@Injectable()
export class ModelsService {
  private readonly byId: ReadonlyMap<string, ModelEntry>;
  private readonly listing: ModelListDto;
  readonly etag: string;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    private readonly providers: ProvidersService,
  ) {
    this.byId = new Map(config.models.map((model) => [model.id, model]));
    this.listing = {
      models: config.models.map((model) => ({
        id: model.id,
        description: model.description,
        provider: model.provider,
        max_output_tokens: model.max_output_tokens,
        available: this.missingCredential(model) === undefined,
        ...capabilityFields(providers.capabilitiesOf(model)),
      })),
    };
    this.etag = listingEtag(this.listing);
  }

  list(): ModelListDto {
    return this.listing;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  find(id: string): ModelEntry | undefined {
    return this.byId.get(id);
  }

  /** What the model can take (docs/tools.md), as the listings show it. */
  capabilities(model: ModelEntry): ModelCapabilitiesDto {
    return capabilityFields(this.providers.capabilitiesOf(model));
  }

  missingCredential(model: ModelEntry): string | undefined {
    return this.providers.missingCredential(model);
  }
}
