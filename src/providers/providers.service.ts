import { Inject, Injectable } from '@nestjs/common';
import type { ProviderKind } from '../config/model-entry.js';
import { PROVIDER_ADAPTERS, type ProviderAdapter } from './provider-adapter.js';

/** Looks up the adapter for a model entry's `provider`. */
@Injectable()
export class ProvidersService {
  private readonly byKind: ReadonlyMap<ProviderKind, ProviderAdapter>;

  constructor(@Inject(PROVIDER_ADAPTERS) adapters: ProviderAdapter[]) {
    this.byKind = new Map(adapters.map((adapter) => [adapter.kind, adapter]));
  }

  adapterFor(kind: ProviderKind): ProviderAdapter {
    const adapter = this.byKind.get(kind);
    if (!adapter) throw new Error(`no adapter registered for provider '${kind}'`);
    return adapter;
  }
}
