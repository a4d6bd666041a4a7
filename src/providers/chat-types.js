/**
 * The gateway's own vocabulary for an agent conversation: what every surface (REST, MCP, the OpenAI chat surface,
 * the Anthropic Messages surface, the OpenAI Responses surface) translates its request into, and what every
 * provider folder translates to and from its wire format. It follows Chat Completions' model (tool calls on the
 * assistant turn, one `tool` message per result) because that is the common ground of both upstream formats, but
 * it is the gateway's type, not OpenAI's: names are settled here once, and each provider maps them.
 * See docs/tools.md.
 */
export {};
