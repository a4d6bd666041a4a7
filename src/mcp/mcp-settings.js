/** The `mcp` section of the configuration, injectable on its own. */
export const MCP_SETTINGS = Symbol('McpSettings');
