-- due.lua: is a periodic job due, across instances? Records the run if so.
-- KEYS[1]  P..'periodic:last_run'  HASH job name -> last run (epoch seconds)
-- ARGV[1]  job name
-- ARGV[2]  now
-- ARGV[3]  every (seconds)
-- Returns 1 (and records now as the job's last run) if it never ran or last ran at
-- least ARGV[3] seconds ago, else 0.

local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(ARGV[2]) - tonumber(last) < tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
