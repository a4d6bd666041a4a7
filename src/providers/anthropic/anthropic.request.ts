import type { ModelEntry } from '../../config/model-entry.js';
import type { ParameterRules } from '../parameter-rules.js';

/** The Messages API body the gateway sends. */
export interface AnthropicMessagesBody extends Record<string, unknown> {
  model: string;
  max_tokens: number;
  messages: { role: 'user'; content: string }[];
}

/** Anthropic's default for both sampling parameters; sending it changes nothing, and recent models reject it. */
const SAMPLING_DEFAULT = 1;

/**
 * The Messages API's rules: `max_tokens` is required there, so the model's default fills in; `stop` is
 * `stop_sequences`; temperature only goes to 1; temperature and top_p equal to the default are dropped, and
 * recent Claude models reject the two together, so that combination is refused before any attempt.
 */
export const ANTHROPIC_PARAMETERS: ParameterRules = {
  accepts: {
    max_tokens: { wire: 'max_tokens', fallback: (model) => model.default_max_tokens },
    temperature: { wire: 'temperature', max: 1, upstreamDefault: SAMPLING_DEFAULT },
    top_p: { wire: 'top_p', max: 1, upstreamDefault: SAMPLING_DEFAULT },
    stop: { wire: 'stop_sequences' },
  },
  exclusive: [['temperature', 'top_p']],
};

/** The prompt becomes one user message; `params` come renamed (and max_tokens filled in) by the rules. */
export function messagesBody(model: ModelEntry, prompt: string, params: Record<string, unknown>): AnthropicMessagesBody {
  return { model: model.upstream_model, max_tokens: model.default_max_tokens, messages: [{ role: 'user', content: prompt }], ...params };
}
