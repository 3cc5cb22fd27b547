-- set_unavailable.lua: take an operator off duty.
-- KEYS[1]  P..'op:'..operator_id     operator HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  operator id
-- Derived: the operator's offer HASH, P..'offers:expiry', the offered entry's keys,
-- P..'ops', P..'lang_count', P..'ops:first:'/'ops:any:'..language.
-- Returns the withdrawn offer (offer_reply) if they were ringing (the entry waits
-- again at its original place), else false. An accepted offer is dropped silently.

local current = redis.call('HMGET', KEYS[1], 'state', 'offer_id')
if not current[1] then
  return false
end
local withdrawn = false
if current[1] == 'ringing' then
  withdrawn = end_pending_offer(current[2])
elseif current[1] == 'on_call' then
  redis.call('DEL', key('offer:', current[2]))
end
off_duty(ARGV[2])
return withdrawn
