-- claim_rebuild.lua: claim the rebuild of a store that lost (or never had) its data.
-- KEYS[1]  P..'built'                  STRING, see _common.lua
-- ARGV[1]  key prefix P (unused; every script takes it)
-- ARGV[2]  a new token
-- ARGV[3]  now
-- ARGV[4]  lease end (now + lease)
-- Returns the token if the caller now holds the rebuild lease, false if the store is
-- built or another rebuild's lease has not run out.

local current = redis.call('GET', KEYS[1])
if current == 'built' then
  return false
end
if current then
  local until_at = string.match(current, '^rebuilding|[^|]*|(.*)$')
  if until_at and tonumber(ARGV[3]) < tonumber(until_at) then
    return false
  end
end
redis.call('SET', KEYS[1], 'rebuilding|' .. ARGV[2] .. '|' .. ARGV[4])
return ARGV[2]
