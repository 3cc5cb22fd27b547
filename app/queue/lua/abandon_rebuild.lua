-- abandon_rebuild.lua: give the rebuild lease back if the token still holds it.
-- KEYS[1]  P..'built'                  STRING, see _common.lua
-- ARGV[1]  key prefix P (unused; every script takes it)
-- ARGV[2]  the token claim_rebuild returned
-- Returns 1 if the lease was given back, 0 if the token no longer held it (the store
-- is built, or the lease ran out and was claimed by someone else).

local current = redis.call('GET', KEYS[1])
if not current or string.match(current, '^rebuilding|([^|]*)|') ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[1])
return 1
