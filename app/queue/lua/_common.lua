-- _common.lua: helpers prepended to every other script of this directory when it is
-- registered (RedisQueueBackend concatenates the two), so it declares no KEYS.
--
-- ARGV[1] of every script: the key prefix (e.g. "hotline:"). Keys that depend on data
-- read inside the script (an entry's language, an offer's operator) cannot be declared
-- in KEYS in advance; they are derived here from the prefix. This is the dramatiq
-- dispatch.lua approach; it needs a standalone Redis (or Sentinel), not Redis Cluster.
--
-- Key layout (P = prefix); times are float epoch seconds written by Python's repr(),
-- which round-trips exactly through Redis scores and back:
--   P..'entry:'..entry_id    HASH   data (QueuedCall JSON), language, enqueued_at,
--                                   offer_id ('' unless offered)
--   P..'queue:'..lang        ZSET   entry ids in the queue (waiting + offered),
--                                   score enqueued_at; positions come from here
--   P..'waiting:'..lang      ZSET   waiting, non-offered entry ids, score enqueued_at
--   P..'langs'               SET    languages that ever had an entry
--   P..'op:'..operator_id    HASH   languages (comma-separated, first = first choice),
--                                   idle_since, state ('pool'|'ringing'|'on_call'),
--                                   offer_id ('' in the pool)
--   P..'ops'                 SET    on-duty operator ids
--   P..'ops:first:'..lang    ZSET   pool operators whose first language is lang,
--                                   score idle_since
--   P..'ops:any:'..lang      ZSET   pool operators speaking lang, score idle_since
--   P..'lang_count'          HASH   lang -> number of on-duty operators speaking it
--   P..'offer:'..offer_id    HASH   offer_id, entry (QueuedCall JSON), entry_id,
--                                   language, operator_id, created_at, expires_at,
--                                   operator_call_sid, operator_idle_since,
--                                   accepted_at ('' while pending)
--   P..'offers:expiry'       ZSET   pending offer ids, score expires_at
--   P..'departed'            HASH   entry_id -> 'accepted|'..offer_id or 'removed|':
--                                   how an entry recently left the queue on purpose
--                                   (cleared when it is enqueued again)
--   P..'departed:order'      ZSET   the entry ids of P..'departed', score a sequence
--                                   number (newest highest); only the newest `kept`
--                                   are kept
--   P..'built'               STRING 'built' once the queue was (re)built from the
--                                   database; 'rebuilding|token|until' while one
--                                   instance holds the rebuild lease; absent in a
--                                   store that lost its data (app/queue/recovery.py)

local P = ARGV[1]

local function key(...)
  return P .. table.concat({...})
end

local function split_languages(csv)
  local languages = {}
  for language in string.gmatch(csv, '[^,]+') do
    languages[#languages + 1] = language
  end
  return languages
end

-- Offer fields in the order every script returns them (offer_reply), which
-- RedisQueueBackend parses by position: half the reply of an HGETALL.
local OFFER_FIELDS = {'offer_id', 'entry', 'operator_id', 'created_at', 'expires_at',
  'operator_call_sid', 'operator_idle_since', 'accepted_at'}

local function offer_reply(offer_key)
  return redis.call('HMGET', offer_key, unpack(OFFER_FIELDS))
end

local function hash_map(k)
  local flat = redis.call('HGETALL', k)
  local map = {}
  for i = 1, #flat, 2 do
    map[flat[i]] = flat[i + 1]
  end
  return map, flat
end

-- Take a pool operator out of the operator ZSETs (state is left to the caller).
local function pool_remove(operator_id, csv)
  local languages = split_languages(csv)
  redis.call('ZREM', key('ops:first:', languages[1]), operator_id)
  for _, language in ipairs(languages) do
    redis.call('ZREM', key('ops:any:', language), operator_id)
  end
end

-- Put an on-duty operator (in any state) into the pool with idle_since (a string).
local function pool_add(operator_id, idle_since)
  local op_key = key('op:', operator_id)
  local current = redis.call('HMGET', op_key, 'state', 'languages')
  if current[1] == 'pool' then
    pool_remove(operator_id, current[2])
  end
  redis.call('HSET', op_key, 'state', 'pool', 'idle_since', idle_since, 'offer_id', '')
  local languages = split_languages(current[2])
  redis.call('ZADD', key('ops:first:', languages[1]), idle_since, operator_id)
  for _, language in ipairs(languages) do
    redis.call('ZADD', key('ops:any:', language), idle_since, operator_id)
  end
end

-- Take an on-duty operator off duty entirely (their offer is the caller's business).
local function off_duty(operator_id)
  local op_key = key('op:', operator_id)
  local current = redis.call('HMGET', op_key, 'state', 'languages')
  if not current[1] then
    return
  end
  if current[1] == 'pool' then
    pool_remove(operator_id, current[2])
  end
  for _, language in ipairs(split_languages(current[2])) do
    if redis.call('HINCRBY', key('lang_count'), language, -1) <= 0 then
      redis.call('HDEL', key('lang_count'), language)
    end
  end
  redis.call('SREM', key('ops'), operator_id)
  redis.call('DEL', op_key)
end

-- Keep how an entry left the queue on purpose (reason 'accepted' with its offer id,
-- or 'removed' with '') as the newest departure, in the same script as its removal:
-- an entry missing without one was lost by the store, not taken out. Forgets the
-- oldest departures beyond `kept` (a string).
local function record_departure(departed_key, order_key, entry_id, reason, offer_id,
    kept)
  local newest = redis.call('ZRANGE', order_key, -1, -1, 'WITHSCORES')
  local sequence = 1
  if newest[2] then
    sequence = tonumber(newest[2]) + 1
  end
  redis.call('HSET', departed_key, entry_id, reason .. '|' .. offer_id)
  redis.call('ZADD', order_key, sequence, entry_id)
  local excess = redis.call('ZCARD', order_key) - tonumber(kept)
  if excess > 0 then
    local oldest = redis.call('ZRANGE', order_key, 0, excess - 1)
    redis.call('HDEL', departed_key, unpack(oldest))
    redis.call('ZREMRANGEBYRANK', order_key, 0, excess - 1)
  end
end

-- Drop a pending offer; its entry, if still in the queue, waits again at its original
-- place (same score). The operator is left for the caller to place. Returns the
-- offer_reply of the dropped offer.
local function end_pending_offer(offer_id)
  local offer_key = key('offer:', offer_id)
  local flat = offer_reply(offer_key)
  local offer = hash_map(offer_key)
  local entry_key = key('entry:', offer.entry_id)
  local entry = redis.call('HMGET', entry_key, 'language', 'enqueued_at', 'offer_id')
  if entry[3] == offer_id then
    redis.call('HSET', entry_key, 'offer_id', '')
    redis.call('ZADD', key('waiting:', entry[1]), entry[2], offer.entry_id)
  end
  redis.call('ZREM', key('offers:expiry'), offer_id)
  redis.call('DEL', offer_key)
  return flat
end

