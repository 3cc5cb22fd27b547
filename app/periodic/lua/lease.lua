-- lease.lua: take or renew the periodic-work lease for one instance.
-- KEYS[1]  P..'periodic:lease'     HASH holder (instance id), until (epoch seconds)
-- ARGV[1]  this instance's id
-- ARGV[2]  now
-- ARGV[3]  until (now + ttl)
-- Times come from the app's clock (never the server's), written by Python's repr().
-- Returns 1 if the instance holds the lease until ARGV[3], else 0 (another instance
-- holds an unexpired one).

local current = redis.call('HMGET', KEYS[1], 'holder', 'until')
if current[1] and current[1] ~= ARGV[1] and tonumber(ARGV[2]) < tonumber(current[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'until', ARGV[3])
return 1
