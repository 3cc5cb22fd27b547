-- set_available.lua: put an operator on duty, or update an on-duty operator.
-- KEYS[1]  P..'op:'..operator_id     operator HASH
-- KEYS[2]  P..'ops'                  SET of on-duty operators
-- KEYS[3]  P..'lang_count'           HASH language -> on-duty speakers
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  operator id
-- ARGV[3]  languages, comma-separated, first choice first
-- ARGV[4]  idle_since
-- Derived: P..'ops:first:'/'ops:any:'..language.
-- Off duty or in the pool: (re)placed in the pool with ARGV[3] and ARGV[4]. Ringing or
-- on call: only the languages change; idle_since is decided when they leave that state.
-- Returns 1.

local current = redis.call('HMGET', KEYS[1], 'state', 'languages')
if current[1] then
  if current[1] == 'pool' then
    pool_remove(ARGV[2], current[2])
  end
  for _, language in ipairs(split_languages(current[2])) do
    if redis.call('HINCRBY', KEYS[3], language, -1) <= 0 then
      redis.call('HDEL', KEYS[3], language)
    end
  end
end
for _, language in ipairs(split_languages(ARGV[3])) do
  redis.call('HINCRBY', KEYS[3], language, 1)
end
redis.call('SADD', KEYS[2], ARGV[2])
if current[1] and current[1] ~= 'pool' then
  redis.call('HSET', KEYS[1], 'languages', ARGV[3])
else
  -- Not in any ZSET at this point, so pool_add's own removal is a no-op.
  redis.call('HSET', KEYS[1], 'languages', ARGV[3], 'state', 'off')
  pool_add(ARGV[2], ARGV[4])
end
return 1
