-- remove.lua: take a waiting or offered entry out of the queue for good.
-- KEYS[1]  P..'entry:'..entry_id     entry HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  entry id
-- Derived: P..'queue:'/'waiting:'..language, and for an offered entry the offer HASH,
-- P..'offers:expiry' and the operator's keys (via end_pending_offer / pool_add).
-- Returns false if the entry is not in the queue, else {entry JSON, offer} where
-- offer is the withdrawn offer (offer_reply) (empty if it was not offered). The
-- operator of a withdrawn offer returns to the pool with their pre-offer idle_since.

local entry = redis.call('HMGET', KEYS[1], 'language', 'data', 'offer_id')
if not entry[1] then
  return false
end
redis.call('ZREM', key('queue:', entry[1]), ARGV[2])
redis.call('ZREM', key('waiting:', entry[1]), ARGV[2])
redis.call('DEL', KEYS[1])
local offer = {}
if entry[3] ~= '' then
  local offer_key = key('offer:', entry[3])
  local operator = redis.call('HMGET', offer_key, 'operator_id', 'operator_idle_since')
  offer = end_pending_offer(entry[3])
  pool_add(operator[1], operator[2])
end
return {entry[2], offer}
