-- Switchboard's rate limits in one atomic step (the arithmetic of gateway limits/Gcra.java, which the in-memory
-- fallback runs too). KEYS: one count per limit, each holding its theoretical arrival time (TAT) in microseconds
-- of Redis's clock (so replicas with skewed clocks still agree) and the rate it was counted at, 'tat|rate': a
-- changed limit carries the units already used over to the new rate.
-- ARGV[1] 'admit': check every limit and, only when all admit the request, move the request limits' TATs.
--   Returns {allowed, then per limit: remaining, reset µs, retry µs}.
-- ARGV[1] 'tokens', ARGV[2] = tokens used: add them to every (token) limit. Returns the number of limits.
-- ARGV[2 + i]: limit i as its kind and rate per minute, 'r60' (requests) or 't100000' (tokens).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local period = 60000000
local n = #KEYS

local function store(key, tat, per)
  -- kept until the limit is whole again, plus a second
  redis.call('SET', key, string.format('%.3f', tat) .. '|' .. per, 'PX', math.ceil((tat - now) / 1000) + 1000)
end

local function tat_of(key, per)
  local value = redis.call('GET', key)
  if not value then return now end
  local bar = string.find(value, '|', 1, true)
  local tat = tonumber(string.sub(value, 1, bar - 1))
  local was = tonumber(string.sub(value, bar + 1))
  if tat <= now then return now end
  if was ~= per then tat = now + (tat - now) * was / per end
  return tat
end

if ARGV[1] == 'tokens' then
  local tokens = tonumber(ARGV[2])
  for i = 1, n do
    local per = tonumber(string.sub(ARGV[2 + i], 2))
    store(KEYS[i], tat_of(KEYS[i], per) + tokens * (period / per), per)
  end
  return n
end

local kinds, pers, tats = {}, {}, {}
local allowed = 1
for i = 1, n do
  kinds[i] = string.sub(ARGV[2 + i], 1, 1)
  pers[i] = tonumber(string.sub(ARGV[2 + i], 2))
  tats[i] = tat_of(KEYS[i], pers[i])
  local interval = period / pers[i]
  if kinds[i] == 'r' then
    if tats[i] + interval - now > period then allowed = 0 end
  elseif tats[i] - now + interval > period then
    allowed = 0
  end
end

local out = {allowed}
for i = 1, n do
  local interval = period / pers[i]
  local tat = tats[i]
  local retry = 0
  if kinds[i] == 'r' then
    local next = tat + interval
    if allowed == 1 then
      store(KEYS[i], next, pers[i])
      tat = next
    else
      retry = math.max(0, math.ceil(next - period - now))
    end
  else
    retry = math.max(0, math.ceil(tat + interval - period - now))
  end
  out[#out + 1] = math.max(0, math.floor((period - (tat - now)) / interval))
  out[#out + 1] = math.ceil(tat - now)
  out[#out + 1] = retry
end
return out
