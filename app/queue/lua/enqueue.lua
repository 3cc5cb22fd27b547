-- enqueue.lua: add an entry to its language's queue; idempotent per entry id.
-- KEYS[1]  P..'entry:'..entry_id     entry HASH
-- KEYS[2]  P..'queue:'..language     ZSET of entries in the queue (waiting + offered)
-- KEYS[3]  P..'waiting:'..language   ZSET of waiting, non-offered entries
-- KEYS[4]  P..'langs'                SET of languages that ever had an entry
-- KEYS[5]  P..'departed'             HASH of recent departures (see _common.lua)
-- KEYS[6]  P..'departed:order'       ZSET, their order
-- ARGV[1]  key prefix P (see _common.lua)
-- ARGV[2]  entry id
-- ARGV[3]  language
-- ARGV[4]  enqueued_at (score)
-- ARGV[5]  the QueuedCall as JSON
-- Returns the 1-based position within the entry's language. An entry already in the
-- queue is left untouched (its stored language decides the position); a new one
-- forgets the entry's departure.

local existing = redis.call('HGET', KEYS[1], 'language')
if existing then
  return redis.call('ZRANK', key('queue:', existing), ARGV[2]) + 1
end
redis.call('HSET', KEYS[1], 'data', ARGV[5], 'language', ARGV[3],
  'enqueued_at', ARGV[4], 'offer_id', '')
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('HDEL', KEYS[5], ARGV[2])
redis.call('ZREM', KEYS[6], ARGV[2])
return redis.call('ZRANK', KEYS[2], ARGV[2]) + 1
