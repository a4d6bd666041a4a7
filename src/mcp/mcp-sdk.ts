/**
 * The MCP SDK, loaded on first use. `@modelcontextprotocol/server` (zod included) and `@modelcontextprotocol/node`
 * hold about 20 MB of heap once imported, and a REST-only process never calls them: /mcp pays the import once, on
 * its first admitted request (docs/decisions/0005-lazy-modules.md). Only type imports of the SDK stay static.
 */
export type McpServerSdk = typeof import('@modelcontextprotocol/server');
export type McpNodeSdk = typeof import('@modelcontextprotocol/node');

let server: Promise<McpServerSdk> | undefined;
let node: Promise<McpNodeSdk> | undefined;

export function mcpServerSdk(): Promise<McpServerSdk> {
  server ??= import('@modelcontextprotocol/server');
  return server;
}

/** The Node binding (toWebRequest): the HTTP endpoint only, never stdio. */
export function mcpNodeSdk(): Promise<McpNodeSdk> {
  node ??= import('@modelcontextprotocol/node');
  return node;
}
