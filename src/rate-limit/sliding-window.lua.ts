import { RESERVE_FUNCTION } from '../teams/reserve.lua.js';

/**
 * The sliding log in Redis: one atomic script per admission question (see AdmitQuery). Logs are sorted sets of
 * admission times in microseconds of Redis server TIME (one clock for every replica); an entry at time t counts
 * while now - window < t. An entry's member is its time, with `:n` added when that member is taken (two
 * admissions in one microsecond, a clock stepping back): unique within the script's atomic step, with no id sent.
 * Every member begins with its entry's time (also those of earlier versions, `<time>:<uuid>:<n>`).
 * KEYS: the log to admit into, then the gate log when there is one (only looked at: the address's failed
 * authentications), then the spend counters of a budget reservation (see BudgetHold).
 * ARGV: hits to record, the horizon in ms (keep entries at least this long), the gate's windowMs and limit (0 0
 * without a gate), the number of spend counters C, the USD to reserve, per counter its budget ('' none) and expiry
 * in seconds, then windowMs and limit for each window of the log.
 * Returns: gated (1/0), the gate's count and microseconds until it frees a slot, the number admitted, then per
 * window the count and the microseconds until it frees a slot; then, when every hit was admitted and C > 0, the
 * reservation's answer (RESERVE_FUNCTION: 0, or the counter it did not fit and every counter's value). A refusal by
 * the windows reserves nothing; a refusal by the budget keeps the admission recorded (docs/teams.md).
 * Cost: O(log n) per window for n kept entries; the longest window is counted by ZCARD once older entries are
 * trimmed, and a window's freeing entry is found by rank (its entries are the newest `count` of the log); the
 * longest window's is then the oldest entry (rank 0, found at once).
 * Numbers go through string.format('%d'): Lua's default conversion keeps only 14 digits, too few for microseconds.
 */
export const SLIDING_WINDOW_SCRIPT = `${RESERVE_FUNCTION}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local fmt = string.format

local gateSpan = tonumber(ARGV[3]) * 1000
if gateSpan > 0 then
  local limit = tonumber(ARGV[4])
  local from = '(' .. fmt('%d', now - gateSpan)
  local n = redis.call('ZCOUNT', KEYS[2], from, '+inf')
  if n >= limit then
    local entry = redis.call('ZRANGEBYSCORE', KEYS[2], from, '+inf', 'WITHSCORES', 'LIMIT', n - limit, 1)
    return { 1, n, entry[2] and tonumber(entry[2]) + gateSpan - now or 0, 0 }
  end
end

local log = KEYS[1]
local hits = tonumber(ARGV[1])
local horizon = tonumber(ARGV[2]) * 1000
local counters = tonumber(ARGV[5])
local first = 7 + 2 * counters
local spans, limits = {}, {}
for i = first, #ARGV, 2 do
  local span = tonumber(ARGV[i]) * 1000
  spans[#spans + 1] = span
  limits[#limits + 1] = tonumber(ARGV[i + 1])
  if span > horizon then horizon = span end
end
local result = { 0, 0, 0, 0 }
if #spans == 0 then return result end

redis.call('ZREMRANGEBYSCORE', log, '-inf', fmt('%d', now - horizon))
local total = redis.call('ZCARD', log)
local counts = {}
local room = hits
for i = 1, #spans do
  if spans[i] == horizon then counts[i] = total
  else counts[i] = redis.call('ZCOUNT', log, '(' .. fmt('%d', now - spans[i]), '+inf') end
  if limits[i] - counts[i] < room then room = limits[i] - counts[i] end
end
if room > 0 then
  local stamp = fmt('%d', now)
  local member, suffix = stamp, 0
  for k = 1, room do
    while redis.call('ZADD', log, 'NX', stamp, member) == 0 do
      suffix = suffix + 1
      member = stamp .. ':' .. suffix
    end
  end
  redis.call('PEXPIRE', log, fmt('%d', math.ceil(horizon / 1000)))
  total = total + room
  for i = 1, #counts do counts[i] = counts[i] + room end
  result[4] = room
end
for i = 1, #spans do
  local n = counts[i]
  result[#result + 1] = n
  -- The entry whose expiry leaves limit - 1 entries: the window's oldest when it is not full. Its member begins
  -- with its time, so no WITHSCORES (whose formatting of the score costs more than the lookup).
  local entry = n > 0 and redis.call('ZRANGE', log, total - n + math.max(0, n - limits[i]), total - n + math.max(0, n - limits[i]))[1]
  result[#result + 1] = entry and tonumber(string.match(entry, '^%d+')) + spans[i] - now or 0
end

if counters > 0 and hits > 0 and room == hits then
  local keys = {}
  local base = #KEYS - counters
  for i = 1, counters do keys[i] = KEYS[base + i] end
  local answer = reserve(keys, ARGV[6], ARGV, 7)
  for i = 1, #answer do result[#result + 1] = answer[i] end
end
return result
`;
