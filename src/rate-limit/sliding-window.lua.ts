/**
 * The sliding log in Redis, one atomic script per hit. KEYS[1] is a sorted set of admission times in microseconds
 * of Redis server TIME (one clock for every replica). ARGV: record (1 or 0), a unique member id, then windowMs and
 * limit for each window. An entry at time t counts while now - window < t. A hit is added only when every window
 * has room. Returns: allowed (1/0), then per window the count and the microseconds until it frees a slot.
 * Numbers go through string.format('%d'): Lua's default conversion keeps only 14 digits, too few for microseconds.
 */
export const SLIDING_WINDOW_SCRIPT = `
local log = KEYS[1]
local record = ARGV[1] == '1'
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local windows = {}
local horizon = 0
for i = 3, #ARGV, 2 do
  local span = tonumber(ARGV[i]) * 1000
  windows[#windows + 1] = { span = span, limit = tonumber(ARGV[i + 1]) }
  if span > horizon then horizon = span end
end
local function int(n) return string.format('%d', n) end

redis.call('ZREMRANGEBYSCORE', log, '-inf', int(now - horizon))
local allowed = 1
local counts = {}
for i, w in ipairs(windows) do
  counts[i] = redis.call('ZCOUNT', log, '(' .. int(now - w.span), '+inf')
  if counts[i] >= w.limit then allowed = 0 end
end
if allowed == 1 and record then
  redis.call('ZADD', log, int(now), int(now) .. ':' .. ARGV[2])
  redis.call('PEXPIRE', log, int(math.ceil(horizon / 1000)))
  for i = 1, #counts do counts[i] = counts[i] + 1 end
end

local result = { allowed }
for i, w in ipairs(windows) do
  local freeIn = 0
  local offset = math.max(0, counts[i] - w.limit)
  local entry = redis.call('ZRANGEBYSCORE', log, '(' .. int(now - w.span), '+inf', 'WITHSCORES', 'LIMIT', offset, 1)
  if entry[2] then freeIn = tonumber(entry[2]) + w.span - now end
  result[#result + 1] = counts[i]
  result[#result + 1] = freeIn
end
return result
`;
