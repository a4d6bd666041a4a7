/**
 * The sliding log in Redis: one atomic script per admission question (see AdmitQuery). Logs are sorted sets of
 * admission times in microseconds of Redis server TIME (one clock for every replica); an entry at time t counts
 * while now - window < t.
 * KEYS: the log to admit into, then optionally the gate log (only looked at: the address's failed authentications).
 * ARGV: hits to record, a unique member id, the horizon in ms (keep entries at least this long), the gate's
 * windowMs and limit (0 0 without a gate), then windowMs and limit for each window of the log.
 * Returns: gated (1/0), the gate's count and microseconds until it frees a slot, the number admitted, then per
 * window the count and the microseconds until it frees a slot. Cost: O(log n) per window for n kept entries.
 * Numbers go through string.format('%d'): Lua's default conversion keeps only 14 digits, too few for microseconds.
 */
export const SLIDING_WINDOW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local function int(n) return string.format('%d', n) end
local function count(log, span) return redis.call('ZCOUNT', log, '(' .. int(now - span), '+inf') end
local function freeIn(log, span, n, limit)
  local entry = redis.call('ZRANGEBYSCORE', log, '(' .. int(now - span), '+inf', 'WITHSCORES', 'LIMIT', math.max(0, n - limit), 1)
  if entry[2] then return tonumber(entry[2]) + span - now end
  return 0
end

if KEYS[2] then
  local span, limit = tonumber(ARGV[4]) * 1000, tonumber(ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', int(now - span))
  local n = count(KEYS[2], span)
  if n >= limit then return { 1, n, freeIn(KEYS[2], span, n, limit), 0 } end
end

local log = KEYS[1]
local hits = tonumber(ARGV[1])
local horizon = tonumber(ARGV[3]) * 1000
local windows = {}
for i = 6, #ARGV, 2 do
  local span = tonumber(ARGV[i]) * 1000
  windows[#windows + 1] = { span = span, limit = tonumber(ARGV[i + 1]) }
  if span > horizon then horizon = span end
end
local result = { 0, 0, 0, 0 }
if #windows == 0 then return result end

redis.call('ZREMRANGEBYSCORE', log, '-inf', int(now - horizon))
local counts = {}
local room = hits
for i, w in ipairs(windows) do
  counts[i] = count(log, w.span)
  room = math.min(room, w.limit - counts[i])
end
if room > 0 then
  for k = 1, room do redis.call('ZADD', log, int(now), int(now) .. ':' .. ARGV[2] .. ':' .. k) end
  redis.call('PEXPIRE', log, int(math.ceil(horizon / 1000)))
  for i = 1, #counts do counts[i] = counts[i] + room end
  result[4] = room
end
for i, w in ipairs(windows) do
  result[#result + 1] = counts[i]
  result[#result + 1] = freeIn(log, w.span, counts[i], w.limit)
end
return result
`;
