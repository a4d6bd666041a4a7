import type { ModelEntry } from './model-entry.js';
import type { ProvidersConfig } from './provider-settings.js';

/** The path of a URL without trailing slashes ('' for none). */
const pathOf = (url: string): string => new URL(url).pathname.replace(/\/+$/, '');

/** A segment written twice in a row (`/v1/v1`): a base URL copied with its path, then the path added again. */
function repeatedSegment(path: string): string | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.find((segment, index) => index > 0 && segments[index - 1] === segment);
}

/**
 * Start-up warnings for base URLs whose path looks wrong. Each provider's default says what a right one looks like,
 * so no provider is named here: OpenAI's ends in `/v1` (the gateway appends `/chat/completions`), Anthropic's has no
 * path (the gateway appends `/v1/messages`). A warning, not an error: a proxy in between may use any path.
 */
export function baseUrlWarnings(providers: ProvidersConfig, models: readonly ModelEntry[]): string[] {
  const warnings: string[] = [];
  for (const definition of providers.registry.definitions) {
    for (const [key, spec] of Object.entries(definition.settings)) {
      const value = providers.settings[definition.kind]?.[key];
      if (spec.kind !== 'url' || value === undefined || spec.default === undefined || value === spec.default) continue;
      const path = pathOf(value);
      const expected = pathOf(spec.default);
      const twice = repeatedSegment(path);
      if (twice !== undefined) {
        warnings.push(`${spec.env} repeats '/${twice}' in its path (${value}); the default is ${spec.default}`);
      } else if (expected !== '' && !path.endsWith(expected)) {
        warnings.push(`${spec.env} does not end in '${expected}' as its default ${spec.default} does; requests go to ${value} plus the API path`);
      } else if (expected === '' && path !== '' && /\/v\d+$/.test(path)) {
        warnings.push(`${spec.env} ends in '${path.slice(path.lastIndexOf('/'))}', but the gateway adds the version itself (default ${spec.default}): drop it`);
      }
    }
  }
  for (const model of models) {
    const twice = model.base_url === undefined ? undefined : repeatedSegment(pathOf(model.base_url));
    if (twice !== undefined) warnings.push(`model ${model.id}: base_url repeats '/${twice}' in its path (${model.base_url})`);
  }
  return warnings;
}
