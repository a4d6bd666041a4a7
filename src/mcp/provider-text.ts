import type { ModelEntry } from '../config/model-entry.js';
import type { ProviderRegistry } from '../providers/registry.js';

/** The per-provider facts the `complete` tool states, derived from the registry's parameter rules. */
export interface ProviderFacts {
  /** Highest temperature any configured model accepts (the schema's maximum). */
  maxTemperature: number;
  /** e.g. "0 to 2 for gpt-4o; 0 to 1 for claude". */
  temperatureRanges: string;
  /** Labels of providers that send the model's default max_tokens when the client sends none. */
  defaultMaxTokens: string[];
  /** Labels of providers refusing temperature and top_p together. */
  exclusiveSampling: string[];
}

const TEMPERATURE_CEILING = 2;

export function providerFacts(models: readonly ModelEntry[], registry: ProviderRegistry): ProviderFacts {
  const byCap = new Map<number, string[]>();
  for (const model of models) {
    const rule = registry.get(model.provider).parameters.accepts.temperature;
    const cap = rule === undefined ? 0 : typeof rule.max === 'function' ? rule.max(model) : (rule.max ?? TEMPERATURE_CEILING);
    byCap.set(cap, [...(byCap.get(cap) ?? []), model.id]);
  }
  const caps = [...byCap.keys()].sort((a, b) => b - a);
  const used = registry.definitions.filter((definition) => models.some((model) => model.provider === definition.kind));
  return {
    maxTemperature: caps[0] ?? TEMPERATURE_CEILING,
    temperatureRanges: caps.map((cap) => `0 to ${cap} for ${byCap.get(cap)!.join(', ')}`).join('; '),
    defaultMaxTokens: used.filter((d) => d.parameters.accepts.max_tokens?.fallback !== undefined).map((d) => d.label),
    exclusiveSampling: used
      .filter((d) => (d.parameters.exclusive ?? []).some((pair) => pair.includes('temperature') && pair.includes('top_p')))
      .map((d) => d.label),
  };
}

/** "A, B or C" */
export function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
