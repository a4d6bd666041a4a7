/**
 * The budget check and the reservation in one step, in Redis (atomic across replicas).
 * KEYS: the spend counters of one request (the key's, its team's). ARGV: the USD to reserve, then per counter its
 * budget (the empty string when none applies) and its expiry in seconds (0: none).
 * Returns 0 when reserved, else the 1-based index of the first counter whose spend already reached its budget
 * (nothing is reserved then).
 */
export const RESERVE_SCRIPT = `
for i, key in ipairs(KEYS) do
  local limit = ARGV[2 * i]
  if limit ~= '' and tonumber(redis.call('GET', key) or '0') >= tonumber(limit) then return i end
end
for i, key in ipairs(KEYS) do
  redis.call('INCRBYFLOAT', key, ARGV[1])
  local ttl = tonumber(ARGV[2 * i + 1])
  if ttl > 0 then redis.call('EXPIRE', key, ttl) end
end
return 0
`;
