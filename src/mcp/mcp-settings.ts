import type { OriginPolicy } from './origin-policy.js';

/** The MCP endpoint's own settings, read at boot by src/config/mcp-settings.ts (docs/mcp.md). */
export interface McpSettings extends OriginPolicy {
  /** Time between progress notifications while a completion runs, when the client sent a progressToken. */
  progressIntervalMs: number;
}

/** The `mcp` section of the configuration, injectable on its own. */
export const MCP_SETTINGS = Symbol('McpSettings');
