-- offer_for_entry.lua: the pending offer of an entry in the queue.
-- KEYS[1]  P..'entry:'..entry_id       entry HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- Derived: the offer HASH.
-- Returns the offer (offer_reply), or false.

local offer_id = redis.call('HGET', KEYS[1], 'offer_id')
if not offer_id or offer_id == '' then
  return false
end
return offer_reply(key('offer:', offer_id))
