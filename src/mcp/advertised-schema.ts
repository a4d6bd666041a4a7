import type { JsonSchemaType, StandardSchemaWithJSON } from '@modelcontextprotocol/server';

/**
 * A schema the SDK advertises in tools/list but that lets every value through: tool arguments are checked by
 * validateBody instead, so a bad argument gets the REST API's message (naming the field), not the SDK's own.
 */
export function advertisedOnly(schema: JsonSchemaType): StandardSchemaWithJSON<unknown> {
  const json = (): Record<string, unknown> => ({ ...schema });
  return {
    '~standard': {
      version: 1,
      vendor: 'litellm-mcp-server',
      jsonSchema: { input: json, output: json },
      validate: (value: unknown) => ({ value }),
    },
  };
}
