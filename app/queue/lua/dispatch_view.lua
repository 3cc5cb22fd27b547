-- dispatch_view.lua: consistent read of what the dispatch policy needs.
-- KEYS[1]  P..'langs'                  SET of languages that ever had an entry
-- KEYS[2]  P..'lang_count'             HASH language -> on-duty speakers
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  now (operators with idle_since <= now are dispatchable)
-- ARGV[3]  limit (per list)
-- Derived: P..'waiting:'..language, entry HASHes, P..'ops:first:'/'ops:any:'..language,
-- operator HASHes.
-- Returns one JSON string (cjson: far cheaper for the client to parse than a deeply
-- nested reply) of [views, english, on_duty]: views is a list of [language, entries,
-- first_choice, speakers]; entries a list of QueuedCall JSON strings; operator lists
-- are flat [id, languages, idle_since, ...] triples; on_duty a list of languages.
-- All values are strings: cjson would cut numbers to 14 digits. An empty list
-- encodes as {} (lua-cjson cannot tell), which the client reads as empty.

local limit = tonumber(ARGV[3])

local function operators(zset)
  local flat = {}
  local ids = redis.call('ZRANGEBYSCORE', key(zset), '-inf', ARGV[2], 'LIMIT', 0, limit)
  for _, operator_id in ipairs(ids) do
    local op = redis.call('HMGET', key('op:', operator_id), 'languages', 'idle_since')
    flat[#flat + 1] = operator_id
    flat[#flat + 1] = op[1]
    flat[#flat + 1] = op[2]
  end
  return flat
end

local views = {}
for _, language in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local ids = redis.call('ZRANGE', key('waiting:', language), 0, limit - 1)
  if #ids > 0 then
    local entries = {}
    for i, entry_id in ipairs(ids) do
      entries[i] = redis.call('HGET', key('entry:', entry_id), 'data')
    end
    views[#views + 1] = {
      language, entries,
      operators('ops:first:' .. language), operators('ops:any:' .. language),
    }
  end
end
return cjson.encode({views, operators('ops:any:en'), redis.call('HKEYS', KEYS[2])})
