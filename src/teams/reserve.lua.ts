/**
 * The budget check and the reservation in one step, in Redis (atomic across replicas), by the rule of `fits`
 * (spend-store.ts): each counter below its budget, and within it with this reservation added. A Lua function, so
 * the rate-limit admission script can run the same check in its own step (sliding-window.lua.ts).
 * reserve(keys, usd, args, at): `keys` the spend counters of one request (the key's, its team's), `usd` the amount
 * (a string), and from args[at] on, per counter, its budget (the empty string when none applies) and its expiry in
 * seconds (0: none).
 * Returns {0} when reserved, else the 1-based index of the first counter the reservation does not fit followed by
 * every counter's value, as strings (a Lua number would reach the client truncated to an integer); nothing is
 * reserved then.
 */
export const RESERVE_FUNCTION = `
local function reserve(keys, usd, args, at)
  local amount = tonumber(usd)
  local spent = {}
  local refused = 0
  for i, key in ipairs(keys) do
    spent[i] = redis.call('GET', key) or '0'
    local limit = tonumber(args[at + 2 * i - 2])
    local value = tonumber(spent[i])
    if refused == 0 and limit and (value >= limit or value + amount > limit) then refused = i end
  end
  if refused > 0 then return {refused, unpack(spent)} end
  for i, key in ipairs(keys) do
    redis.call('INCRBYFLOAT', key, usd)
    local ttl = tonumber(args[at + 2 * i - 1])
    if ttl > 0 then redis.call('EXPIRE', key, ttl) end
  end
  return {0}
end
`;

/** The reservation alone. KEYS: the counters. ARGV: the USD to reserve, then per counter its budget and expiry. */
export const RESERVE_SCRIPT = `${RESERVE_FUNCTION}
return reserve(KEYS, ARGV[1], ARGV, 2)
`;
