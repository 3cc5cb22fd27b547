-- position.lua: 1-based FIFO position of an entry within its language.
-- KEYS[1]  P..'entry:'..entry_id     entry HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  entry id
-- Derived: P..'queue:'..language.
-- Returns the position, or false if the entry is not in the queue.

local language = redis.call('HGET', KEYS[1], 'language')
if not language then
  return false
end
return redis.call('ZRANK', key('queue:', language), ARGV[2]) + 1
