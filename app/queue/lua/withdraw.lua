-- withdraw.lua: end a pending offer unaccepted.
-- KEYS[1]  P..'offer:'..offer_id       offer HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  offer id
-- ARGV[3]  the operator's new idle_since, or '' to take them off duty
-- Derived: P..'offers:expiry', the entry HASH and P..'waiting:'..language, the
-- operator's HASH and pool ZSETs, P..'ops', P..'lang_count'.
-- Returns the withdrawn offer (offer_reply), or false if it is not pending.

local offer = redis.call('HMGET', KEYS[1], 'operator_id', 'accepted_at')
if not offer[1] or offer[2] ~= '' then
  return false
end
local flat = end_pending_offer(ARGV[2])
if ARGV[3] == '' then
  off_duty(offer[1])
else
  pool_add(offer[1], ARGV[3])
end
return flat
