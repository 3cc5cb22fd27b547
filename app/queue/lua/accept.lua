-- accept.lua: the operator answered; connect a pending, unexpired offer.
-- KEYS[1]  P..'offer:'..offer_id       offer HASH
-- KEYS[2]  P..'offers:expiry'          ZSET of pending offers by expires_at
-- KEYS[3]  P..'departed'               HASH of recent departures (see _common.lua)
-- KEYS[4]  P..'departed:order'         ZSET, their order
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  offer id
-- ARGV[3]  now (accepted_at; the offer must have now < expires_at)
-- ARGV[4]  how many departures to keep
-- Derived: the entry HASH, P..'queue:'/'waiting:'..language, the operator HASH.
-- Returns the offer (offer_reply) (unchanged if it was already accepted), or false
-- if the offer is gone or expired.

local offer = hash_map(KEYS[1])
if not offer.offer_id then
  return false
end
if offer.accepted_at ~= '' then
  return offer_reply(KEYS[1])
end
if tonumber(ARGV[3]) >= tonumber(offer.expires_at) then
  return false
end
redis.call('ZREM', key('queue:', offer.language), offer.entry_id)
redis.call('ZREM', key('waiting:', offer.language), offer.entry_id)
redis.call('DEL', key('entry:', offer.entry_id))
redis.call('HSET', key('op:', offer.operator_id), 'state', 'on_call')
redis.call('HSET', KEYS[1], 'accepted_at', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[2])
record_departure(KEYS[3], KEYS[4], offer.entry_id, 'accepted', ARGV[2], ARGV[4])
return offer_reply(KEYS[1])
