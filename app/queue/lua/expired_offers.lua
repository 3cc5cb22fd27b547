-- expired_offers.lua: pending offers with expires_at <= now (read-only).
-- KEYS[1]  P..'offers:expiry'          ZSET of pending offers by expires_at
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  now
-- ARGV[3]  limit
-- Derived: the offer HASHes.
-- Returns a list of offer_replies, soonest-expired first.

local result = {}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
for _, offer_id in ipairs(ids) do
  result[#result + 1] = offer_reply(key('offer:', offer_id))
end
return result
