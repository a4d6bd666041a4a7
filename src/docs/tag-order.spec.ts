import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { orderTags } from './tag-order.js';

const documentWith = (tags: string[]): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: Object.fromEntries(tags.map((tag, index) => [`/p${index}`, { get: { tags: [tag], responses: {} } }])),
});

describe('orderTags', () => {
  it('lists the groups as a user reads them, whatever order the routes were registered in', () => {
    const document = orderTags(documentWith(['admin', 'usage', 'health', 'mcp', 'OpenAI-compatible', 'models', 'completions', 'operations']));
    expect(document.tags!.map((tag) => tag.name)).toEqual(['completions', 'models', 'OpenAI-compatible', 'mcp', 'health', 'operations', 'usage', 'admin']);
  });

  it('puts an Anthropic surface between OpenAI and MCP, and an unknown tag last', () => {
    const document = orderTags(documentWith(['zeta', 'mcp', 'Anthropic-compatible', 'OpenAI-compatible']));
    expect(document.tags!.map((tag) => tag.name)).toEqual(['OpenAI-compatible', 'Anthropic-compatible', 'mcp', 'zeta']);
  });

  it('keeps a description a tag already has, and lists no tag that no operation uses', () => {
    const document = orderTags({ ...documentWith(['admin']), tags: [{ name: 'admin', description: 'mine' }, { name: 'unused' }] });
    expect(document.tags).toEqual([{ name: 'admin', description: 'mine' }]);
  });
});
