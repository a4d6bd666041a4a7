import type { ToolCallDelta } from './chat-types.js';

/**
 * Remembers which streamed tool calls received argument text, so that a call that never did ends as `"{}"` (the
 * contract of ToolCallDelta): clients parse the arguments as JSON, and an empty string is not JSON.
 */
export class ToolCallArguments {
  private readonly empty = new Set<number>();

  /** Tells it of one delta (a call's first fragment registers it). */
  saw(delta: ToolCallDelta): ToolCallDelta {
    if (delta.id !== undefined && !this.empty.has(delta.index) && !delta.arguments) this.empty.add(delta.index);
    if (delta.arguments) this.empty.delete(delta.index);
    return delta;
  }

  /** The closing `"{}"` of one call, if it had no arguments (Anthropic's content_block_stop). */
  close(index: number): { tool_call: ToolCallDelta }[] {
    if (!this.empty.delete(index)) return [];
    return [{ tool_call: { index, arguments: '{}' } }];
  }

  /** The closing `"{}"` of every call still without arguments (at the end of the stream). */
  closeAll(): { tool_call: ToolCallDelta }[] {
    return [...this.empty].sort((a, b) => a - b).flatMap((index) => this.close(index));
  }
}
