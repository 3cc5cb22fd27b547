-- operator_state.lua: an operator's hash and, if ringing / on call, their offer's
-- entry id.
-- KEYS[1]  P..'op:'..operator_id       operator HASH
-- ARGV[1]  key prefix P (see _common.lua)
-- Derived: the offer HASH.
-- Returns {languages, idle_since, state, offer_id, entry_id} or false if off duty.

local op = redis.call('HMGET', KEYS[1], 'languages', 'idle_since', 'state', 'offer_id')
if not op[1] then
  return false
end
local entry_id = ''
if op[4] ~= '' then
  entry_id = redis.call('HGET', key('offer:', op[4]), 'entry_id') or ''
end
return {op[1], op[2], op[3], op[4], entry_id}
