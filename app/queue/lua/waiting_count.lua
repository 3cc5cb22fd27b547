-- waiting_count.lua: number of entries in the queue (waiting + offered), all languages.
-- KEYS[1]  P..'langs'                SET of languages that ever had an entry
-- ARGV[1]  key prefix P (see _common.lua)
-- Derived: P..'queue:'..language for each language.

local total = 0
for _, language in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  total = total + redis.call('ZCARD', key('queue:', language))
end
return total
