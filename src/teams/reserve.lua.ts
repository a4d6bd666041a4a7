/**
 * The budget check and the reservation in one step, in Redis (atomic across replicas), by the rule of `fits`
 * (spend-store.ts): each counter below its budget, and within it with this reservation added.
 * KEYS: the spend counters of one request (the key's, its team's). ARGV: the USD to reserve, then per counter its
 * budget (the empty string when none applies) and its expiry in seconds (0: none).
 * Returns {0} when reserved, else the 1-based index of the first counter the reservation does not fit followed by
 * every counter's value, as strings (a Lua number would reach the client truncated to an integer); nothing is
 * reserved then.
 */
export const RESERVE_SCRIPT = `
local usd = tonumber(ARGV[1])
local spent = {}
local refused = 0
for i, key in ipairs(KEYS) do
  spent[i] = redis.call('GET', key) or '0'
  local limit = tonumber(ARGV[2 * i])
  local value = tonumber(spent[i])
  if refused == 0 and limit and (value >= limit or value + usd > limit) then refused = i end
end
if refused > 0 then return {refused, unpack(spent)} end
for i, key in ipairs(KEYS) do
  redis.call('INCRBYFLOAT', key, ARGV[1])
  local ttl = tonumber(ARGV[2 * i + 1])
  if ttl > 0 then redis.call('EXPIRE', key, ttl) end
end
return {0}
`;
