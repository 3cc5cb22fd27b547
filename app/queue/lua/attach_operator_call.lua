-- attach_operator_call.lua: record the CallSid of an offer's operator leg.
-- KEYS[1]  P..'offer:'..offer_id       offer HASH
-- ARGV[1]  key prefix P (unused; every script takes it)
-- ARGV[2]  operator call sid
-- Returns the offer (offer_reply), or false if the offer is gone (the caller then
-- hangs the freshly dialled leg up).

if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
redis.call('HSET', KEYS[1], 'operator_call_sid', ARGV[2])
return offer_reply(KEYS[1])
