-- finish_rebuild.lua: mark the store built if the token still holds the lease.
-- KEYS[1]  P..'built'                  STRING, see _common.lua
-- ARGV[1]  key prefix P (unused; every script takes it)
-- ARGV[2]  the token claim_rebuild returned
-- Returns 1 if marked built, 0 if the lease is gone (the store was lost again, or
-- the lease ran out and was claimed by someone else).

local current = redis.call('GET', KEYS[1])
if not current or string.match(current, '^rebuilding|([^|]*)|') ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], 'built')
return 1
