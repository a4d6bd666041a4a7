import { PROTO_KEY, reservedKeyPath } from '../common/field-names.js';
import { MAX_OBJECT_KEYS } from '../common/body-shape.js';
import { tooDeeplyNested } from '../common/json-depth.js';
import { jsonSizeProblem, MAX_MESSAGE_VALUES } from '../common/json-size.js';

/** The levels JSON-RPC adds around a tool's arguments (batch, message, params), on top of MAX_JSON_DEPTH. */
const JSON_RPC_FRAMING_DEPTH = 3;

/**
 * Why a parsed /mcp body must be refused before the SDK sees it (a JSON-RPC Invalid Request), or undefined: too
 * many values (docs/limits.md), too deep, or a '__proto__' key.
 * Tool arguments are held to MAX_JSON_DEPTH by the tool itself (an error result naming the field, like REST); this
 * bounds the whole message, framing included, before the SDK walks it. And the SDK parses the body again, making a
 * '__proto__' key the arguments' prototype, unseen by the tool's validation: refused here, as Fastify's parser
 * refuses it on REST.
 */
export function messageShapeProblem(parsed: unknown, maxJsonDepth: number): string | undefined {
  const maxDepth = maxJsonDepth + JSON_RPC_FRAMING_DEPTH;
  if (tooDeeplyNested(parsed, maxDepth) !== undefined) {
    return `Invalid Request: JSON nested too deeply: at most ${maxDepth} levels of objects and arrays are accepted (${maxJsonDepth} within tool arguments).`;
  }
  // The SDK's schema parsing costs time and memory per value (a 3.5 MB `_meta` cost seconds): bounded first.
  const size = jsonSizeProblem(parsed);
  if (size === 'object') return `Invalid Request: an object holds more than ${MAX_OBJECT_KEYS} keys.`;
  if (size === 'total') return `Invalid Request: the message holds more than ${MAX_MESSAGE_VALUES} JSON values (object keys and array items).`;
  const proto = reservedKeyPath(parsed, PROTO_KEY);
  return proto === undefined ? undefined : `Invalid Request: the key '__proto__' is not accepted (at '${proto}').`;
}
