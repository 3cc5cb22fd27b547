-- snapshot.lua: consistent read of the whole queue for the coordinator dashboard.
-- KEYS[1]  P..'langs'                  SET of languages that ever had an entry
-- KEYS[2]  P..'ops'                    SET of on-duty operators
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  '1': with the queues; '0': queues left empty (operators and offers only)
-- Derived: P..'queue:'..language, entry HASHes, operator HASHes, offer HASHes.
-- Returns one JSON string (cjson, see dispatch_view.lua) of [queues, operators,
-- offers]: queues is a list of [language, flat [entry JSON, offer_id, ...]] in FIFO
-- order; operators a list of [id, languages, idle_since, state, offer_id]; offers a
-- list of offer_replies (pending and accepted). Empty lists may encode as {}.

local queues = {}
local languages = {}
if ARGV[2] == '1' then
  languages = redis.call('SMEMBERS', KEYS[1])
end
for _, language in ipairs(languages) do
  local ids = redis.call('ZRANGE', key('queue:', language), 0, -1)
  if #ids > 0 then
    local flat = {}
    for _, entry_id in ipairs(ids) do
      local entry = redis.call('HMGET', key('entry:', entry_id), 'data', 'offer_id')
      flat[#flat + 1] = entry[1]
      flat[#flat + 1] = entry[2]
    end
    queues[#queues + 1] = {language, flat}
  end
end
local operators = {}
local offers = {}
for _, operator_id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local op = redis.call('HMGET', key('op:', operator_id),
    'languages', 'idle_since', 'state', 'offer_id')
  operators[#operators + 1] = {operator_id, op[1], op[2], op[3], op[4]}
  if op[4] ~= '' then
    offers[#offers + 1] = offer_reply(key('offer:', op[4]))
  end
end
return cjson.encode({queues, operators, offers})
