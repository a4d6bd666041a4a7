// What Anthropic's Messages API refuses with a 400 (invalid_request_error), for the requests the gateway builds:
// OpenAI's formats sent to it, broken tool_use / tool_result pairing, malformed image blocks.
import { isRecord } from './wire.js';

const BLOCK_TYPES = ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'];
const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function toolsProblem(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [i, tool] of tools.entries()) {
    if (!isRecord(tool)) return `tools.${i}: Input should be a valid dictionary`;
    if ('function' in tool || tool.type === 'function') return `tools.${i}.type: Input tag 'function' found using 'type' does not match any of the expected tags`;
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (!isRecord(tool.input_schema)) return `tools.${i}.custom.input_schema: Field required`;
    if (tool.input_schema.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
  }
  return undefined;
}

function toolChoiceProblem(choice: unknown, tools: unknown): string | undefined {
  if (choice === undefined) return undefined;
  if (!isRecord(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) return "tool_choice: Input should be an object with type 'auto', 'any', 'tool' or 'none'";
  if (choice.type === 'tool') {
    const names = Array.isArray(tools) ? tools.map((tool) => (isRecord(tool) ? tool.name : undefined)) : [];
    if (!names.includes(choice.name)) return `tool_choice.name: Tool '${String(choice.name)}' not found in tools`;
  }
  return undefined;
}

function imageProblem(block: Record<string, unknown>, where: string): string | undefined {
  const source = isRecord(block.source) ? block.source : undefined;
  if (source?.type === 'url' && typeof source.url === 'string') return undefined;
  if (source?.type === 'base64' && typeof source.data === 'string') {
    return MEDIA_TYPES.includes(String(source.media_type)) ? undefined : `${where}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
  }
  return `${where}.source: Input tag '${String(source?.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`;
}

function blockProblem(block: unknown, where: string, role: string): string | undefined {
  if (!isRecord(block) || !BLOCK_TYPES.includes(String(block.type))) {
    return `${where}.type: Input tag '${isRecord(block) ? String(block.type) : ''}' found using 'type' does not match any of the expected tags`;
  }
  if (block.type === 'text' && (typeof block.text !== 'string' || block.text === '')) return 'messages: text content blocks must be non-empty';
  if (block.type === 'image') return imageProblem(block, where);
  if (block.type === 'tool_use' && (role !== 'assistant' || !isRecord(block.input))) return `${where}: tool_use blocks belong to assistant turns and need an input object`;
  if (block.type === 'tool_result') {
    if (role !== 'user') return `${where}: tool_result blocks belong to user turns`;
    if (Array.isArray(block.content)) {
      for (const [k, inner] of block.content.entries()) {
        const problem = blockProblem(inner, `${where}.content.${k}`, 'user');
        if (problem !== undefined) return problem;
      }
    }
  }
  return undefined;
}

const blocksOf = (content: unknown): Record<string, unknown>[] => (Array.isArray(content) ? content.filter(isRecord) : []);
const idsOf = (content: unknown, type: string, key: string): string[] => blocksOf(content).filter((b) => b.type === type).map((b) => String(b[key]));

/** tool_result blocks answer the tool_use blocks of the assistant turn right before; each tool_use is answered. */
function pairingProblem(messages: Record<string, unknown>[], hasTools: boolean): string | undefined {
  for (const [i, message] of messages.entries()) {
    const results = idsOf(message.content, 'tool_result', 'tool_use_id');
    const uses = idsOf(message.content, 'tool_use', 'id');
    if ((results.length > 0 || uses.length > 0) && !hasTools) return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
    const asked = i > 0 ? idsOf(messages[i - 1]!.content, 'tool_use', 'id') : [];
    const stray = results.find((id) => !asked.includes(id));
    if (stray !== undefined) {
      return `messages.${i}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const next = messages[i + 1];
    const unanswered = uses.filter((id) => next !== undefined && !idsOf(next.content, 'tool_result', 'tool_use_id').includes(id));
    if (unanswered.length > 0) {
      return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

export function anthropicRefusal(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if ('response_format' in body) return 'response_format: Extra inputs are not permitted';
  if ('parallel_tool_calls' in body) return 'parallel_tool_calls: Extra inputs are not permitted';
  const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (typeof message.content === 'string') continue;
    for (const [j, block] of blocksOf(message.content).entries()) {
      const problem = blockProblem(block, `messages.${i}.content.${j}`, String(message.role));
      if (problem !== undefined) return problem;
    }
  }
  const tools = body.tools;
  return toolsProblem(tools) ?? toolChoiceProblem(body.tool_choice, tools) ?? pairingProblem(messages, Array.isArray(tools) && tools.length > 0);
}
