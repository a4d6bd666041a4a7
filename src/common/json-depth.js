/** The default for MAX_JSON_DEPTH: far deeper than any request the gateway understands, far from any stack limit. */
export const DEFAULT_MAX_JSON_DEPTH = 32;
function isContainer(value) {
    return typeof value === 'object' && value !== null;
}
/**
 * Finds a JSON value nested deeper than `maxDepth` objects and arrays (`{}` is 1 deep, `{"a":[]}` 2). Iterative,
 * with its own stack, so it survives input that would overflow a recursive walk (class-transformer's, for one);
 * it never descends below maxDepth + 1, and visits each container once. Returns the top-level field under which
 * the nesting went too deep (null when the root itself is an array), or undefined when the value is fine.
 */
export function tooDeeplyNested(value, maxDepth) {
    if (!isContainer(value))
        return undefined;
    const stack = [{ node: value, depth: 1, field: null }];
    for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
        const { node, depth, field } = frame;
        if (depth > maxDepth)
            return { field };
        if (Array.isArray(node)) {
            for (const child of node)
                if (isContainer(child))
                    stack.push({ node: child, depth: depth + 1, field });
            continue;
        }
        const record = node;
        for (const key of Object.keys(record)) {
            const child = record[key];
            if (isContainer(child))
                stack.push({ node: child, depth: depth + 1, field: depth === 1 ? key : field });
        }
    }
    return undefined;
}
