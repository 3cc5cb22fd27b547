-- reserve.lua: atomically offer a waiting entry to a dispatchable operator.
-- KEYS[1]  P..'entry:'..entry_id       entry HASH
-- KEYS[2]  P..'op:'..operator_id       operator HASH
-- KEYS[3]  P..'offer:'..offer_id       offer HASH (must not exist yet)
-- KEYS[4]  P..'offers:expiry'          ZSET of pending offers by expires_at
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  entry id
-- ARGV[3]  operator id
-- ARGV[4]  offer id
-- ARGV[5]  now (created_at; the operator must have idle_since <= now)
-- ARGV[6]  expires_at
-- Derived: P..'waiting:'..language, P..'ops:first:'/'ops:any:'..language.
-- Returns the offer (offer_reply), or false if the entry is not waiting (missing or
-- already offered), the operator is not dispatchable, or the offer id is taken.

if redis.call('EXISTS', KEYS[3]) == 1 then
  return false
end
local entry = redis.call('HMGET', KEYS[1], 'language', 'offer_id', 'data')
if not entry[1] or entry[2] ~= '' then
  return false
end
local operator = redis.call('HMGET', KEYS[2], 'state', 'idle_since', 'languages')
if operator[1] ~= 'pool' or tonumber(operator[2]) > tonumber(ARGV[5]) then
  return false
end
pool_remove(ARGV[3], operator[3])
redis.call('HSET', KEYS[2], 'state', 'ringing', 'offer_id', ARGV[4])
redis.call('HSET', KEYS[1], 'offer_id', ARGV[4])
redis.call('ZREM', key('waiting:', entry[1]), ARGV[2])
redis.call('HSET', KEYS[3],
  'offer_id', ARGV[4],
  'entry', entry[3],
  'entry_id', ARGV[2],
  'language', entry[1],
  'operator_id', ARGV[3],
  'created_at', ARGV[5],
  'expires_at', ARGV[6],
  'operator_call_sid', '',
  'operator_idle_since', operator[2],
  'accepted_at', '')
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[4])
return offer_reply(KEYS[3])
