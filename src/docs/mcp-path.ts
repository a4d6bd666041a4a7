import type { OpenAPIObject } from '@nestjs/swagger';

type PathItem = OpenAPIObject['paths'][string];

const TOOLS_CALL = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'Say hello.', max_tokens: 20 } },
};

const TOOLS_CALL_RESULT = {
  jsonrpc: '2.0',
  id: 1,
  result: {
    content: [{ type: 'text', text: 'Hello!' }],
    structuredContent: {
      id: 'cmpl-4f1c2b9e0d7a4c3b8e6f5a4d3c2b1a09',
      model: 'gpt-4o',
      served_by: 'gpt-4o',
      choices: [{ text: 'Hello!', finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    },
  },
};

/**
 * /mcp is served by the MCP SDK on the Fastify server, not by a Nest controller, so Swagger cannot see it; this
 * path item documents it (with the JSON-RPC exchange) without registering a second route.
 */
export const MCP_PATH_ITEM: PathItem = {
  post: {
    tags: ['mcp'],
    operationId: 'mcp',
    summary: 'MCP server (Streamable HTTP, JSON-RPC 2.0): tools `complete` and `list_models`.',
    description:
      'The gateway as a Model Context Protocol server for MCP clients (Claude Desktop, Cursor, the MCP Inspector...). '
      + 'Same Bearer keys and rate limits as the REST API; one `tools/call` spends one request of the key\'s budget. '
      + 'Answers are JSON-RPC (`application/json` or `text/event-stream`), never the REST envelope; errors are '
      + 'JSON-RPC errors or tool results with `isError: true`. Set-up for clients and the tools: docs/mcp.md; '
      + 'protocol conformance: docs/mcp-conformance.md.',
    security: [{ bearer: [] }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 request or notification.' }, example: TOOLS_CALL } },
    },
    responses: {
      '200': {
        description: 'The JSON-RPC response (JSON, or one SSE stream when the client accepts it).',
        content: { 'application/json': { schema: { type: 'object' }, example: TOOLS_CALL_RESULT } },
      },
      '202': { description: 'A notification or response was accepted; no body.' },
      '401': { description: 'Missing or invalid key, as a JSON-RPC error (`WWW-Authenticate: Bearer`).' },
      '403': { description: 'A foreign `Origin` (not listed in MCP_ALLOWED_ORIGINS).' },
      '429': { description: 'The key\'s rate limit; `Retry-After` says when to retry.' },
    },
  },
};

/** Adds the /mcp path item to a generated document. */
export function describeMcp(document: OpenAPIObject): OpenAPIObject {
  return { ...document, paths: { ...document.paths, '/mcp': MCP_PATH_ITEM } };
}
