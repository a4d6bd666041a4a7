/**
 * Keeps a stream's tool-call fragments to the contract of ToolCallDelta: only the first fragment of a call carries
 * `id` and `name` (some servers repeat them on every chunk, which clients that concatenate fields would glue
 * together), and a call whose arguments never arrived ends as `"{}"` (clients parse arguments as JSON, and an empty
 * string is not JSON).
 */
export class ToolCallArguments {
    started = new Set();
    empty = new Set();
    /** Tells it of one fragment; returns it as clients should see it. */
    saw(delta) {
        const { index, arguments: args } = delta;
        const first = !this.started.has(index);
        if (first) {
            this.started.add(index);
            this.empty.add(index);
        }
        if (args)
            this.empty.delete(index);
        if (first)
            return delta;
        return { index, ...(args ? { arguments: args } : {}) };
    }
    /** The closing `"{}"` of one call, if it had no arguments (Anthropic's content_block_stop). */
    close(index) {
        if (!this.empty.delete(index))
            return [];
        return [{ tool_call: { index, arguments: '{}' } }];
    }
    /** The closing `"{}"` of every call still without arguments (at the end of the stream). */
    closeAll() {
        return [...this.empty].sort((a, b) => a - b).flatMap((index) => this.close(index));
    }
}
