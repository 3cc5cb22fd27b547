-- remove.lua: take a waiting or offered entry out of the queue for good.
-- KEYS[1]  P..'entry:'..entry_id     entry HASH
-- KEYS[2]  P..'departed'             HASH of recent departures (see _common.lua)
-- KEYS[3]  P..'departed:order'       ZSET, their order
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  entry id
-- ARGV[3]  dialling_idle_since: if the offer had no operator leg attached yet, the
--          operator's idle_since is at least this ('' = no minimum)
-- ARGV[4]  how many departures to keep
-- Derived: P..'queue:'/'waiting:'..language, and for an offered entry the offer HASH,
-- P..'offers:expiry' and the operator's keys (via end_pending_offer / pool_add).
-- Returns false if the entry is not in the queue, else {entry JSON, offer} where
-- offer is the withdrawn offer (offer_reply) (empty if it was not offered), and
-- leaves a 'removed' departure. The operator of a withdrawn offer returns to the pool
-- with their pre-offer idle_since (or ARGV[3] when later and the offer's leg was
-- still being dialled).

local entry = redis.call('HMGET', KEYS[1], 'language', 'data', 'offer_id')
if not entry[1] then
  return false
end
redis.call('ZREM', key('queue:', entry[1]), ARGV[2])
redis.call('ZREM', key('waiting:', entry[1]), ARGV[2])
redis.call('DEL', KEYS[1])
record_departure(KEYS[2], KEYS[3], ARGV[2], 'removed', '', ARGV[4])
local offer = {}
if entry[3] ~= '' then
  local offer_key = key('offer:', entry[3])
  local operator = redis.call('HMGET', offer_key, 'operator_id', 'operator_idle_since',
    'operator_call_sid')
  local idle_since = operator[2]
  if operator[3] == '' and ARGV[3] ~= '' and tonumber(ARGV[3]) > tonumber(idle_since) then
    idle_since = ARGV[3]
  end
  offer = end_pending_offer(entry[3])
  pool_add(operator[1], idle_since)
end
return {entry[2], offer}
