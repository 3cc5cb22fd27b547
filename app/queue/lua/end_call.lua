-- end_call.lua: an on-call operator's call ended.
-- KEYS[1]  P..'op:'..operator_id     operator HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  operator id
-- ARGV[3]  available_at (their new idle_since), or '' to take them off duty
-- Derived: the accepted offer HASH, pool ZSETs, P..'ops', P..'lang_count'.
-- Returns 1, or 0 (no change) unless the operator is on call.

local current = redis.call('HMGET', KEYS[1], 'state', 'offer_id')
if current[1] ~= 'on_call' then
  return 0
end
redis.call('DEL', key('offer:', current[2]))
if ARGV[3] == '' then
  off_duty(ARGV[2])
else
  pool_add(ARGV[2], ARGV[3])
end
return 1
