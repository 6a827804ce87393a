namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The Lua scripts that write <see cref="RedisJobIndex"/>: each runs as one unit on the server, in one round trip.
/// Every key a script touches is passed in <c>KEYS</c>, none is built in Lua, as Redis asks of scripts so that a
/// cluster can route them by their keys.
/// </summary>
/// <remarks>
/// A queue's counts hash (<see cref="RedisJobIndexKeys.Counts"/>) holds, per state, how many of the queue's jobs its
/// state set holds. A count moves only when the set did: +1 when ZADD added the id (it returns 1), −1 when ZREM removed
/// it (returns 1). A write repeated after a failed reply, or a transition recorded twice, finds the sets already
/// changed and leaves the counts alone, so they cannot drift from the sets.
/// </remarks>
internal static class RedisJobIndexScripts
{
    // A count that reaches zero is deleted, as Redis deletes an emptied set, so a queue without jobs leaves no
    // counts behind. Below zero means a job indexed before counts were kept (or a hand edit): dropping the field
    // is the closest to the truth, since no count is negative.
    private const string Decrement = """
        local function decrement(counts, state)
            if redis.call('HINCRBY', counts, state, -1) <= 0 then
                redis.call('HDEL', counts, state)
            end
        end

        """;

    /// <summary>
    /// A job's first record: it joins <c>all</c>, its queue's and labels' sets and its state's set, and its first event
    /// joins the event stream.
    /// </summary>
    /// <remarks>
    /// KEYS: summary hash, the state's set, the queue names, the event stream, then the counts hashes that follow the job
    /// (its queue's, and its owner's when it has one), then every set the job joins for good (<c>all</c>, its queue's, its
    /// labels'), last the queue's ready set. ARGV: id, score, summary JSON, state name, queue name, how many counts hashes,
    /// the event's JSON (empty for none), the stream's approximate maximum length, the ready time (unix ms; empty unless
    /// the job starts ready).
    /// </remarks>
    public const string RecordFirst = """
        local id, score = ARGV[1], ARGV[2]
        local counts = tonumber(ARGV[6])
        for i = 5 + counts, #KEYS - 1 do
            redis.call('ZADD', KEYS[i], score, id)
        end
        if ARGV[9] ~= '' then
            redis.call('ZADD', KEYS[#KEYS], ARGV[9], id)
        end
        redis.call('SADD', KEYS[3], ARGV[5])
        if redis.call('ZADD', KEYS[2], score, id) == 1 then
            for i = 5, 4 + counts do
                redis.call('HINCRBY', KEYS[i], ARGV[4], 1)
            end
            if ARGV[7] ~= '' then
                redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', 'e', ARGV[7])
            end
        end
        redis.call('HSET', KEYS[1], id, ARGV[3])
        """;

    /// <summary>
    /// A state change: the job moves from the previous state's set to the new state's, and the transition's event joins
    /// the event stream.
    /// </summary>
    /// <remarks>
    /// KEYS: summary hash, the previous state's set, the new state's set, the event stream, then the counts hashes that
    /// follow the job, last the queue's ready set. ARGV: id, score, summary JSON, previous state name, new state name, the
    /// event's JSON (empty for none), the stream's approximate maximum length, the ready time (unix ms) when the job
    /// becomes ready (empty otherwise). The event is added only when the job joined the new state's set (ZADD returned
    /// 1), so a write repeated after a lost reply adds no second event. A job leaving Queued leaves the ready set.
    /// </remarks>
    public const string RecordTransition = Decrement + """
        local id, score = ARGV[1], ARGV[2]
        local ready = KEYS[#KEYS]
        if ARGV[4] == 'Queued' then
            redis.call('ZREM', ready, id)
        end
        if ARGV[8] ~= '' then
            redis.call('ZADD', ready, ARGV[8], id)
        end
        if redis.call('ZREM', KEYS[2], id) == 1 then
            for i = 5, #KEYS - 1 do
                decrement(KEYS[i], ARGV[4])
            end
        end
        if redis.call('ZADD', KEYS[3], score, id) == 1 then
            for i = 5, #KEYS - 1 do
                redis.call('HINCRBY', KEYS[i], ARGV[5], 1)
            end
            if ARGV[6] ~= '' then
                redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'e', ARGV[6])
            end
        end
        redis.call('HSET', KEYS[1], id, ARGV[3])
        """;

    /// <summary>A deleted job: it leaves every set, and the count of each state set that held it goes down.</summary>
    /// <remarks>
    /// KEYS: summary hash, every state's set, then the counts hashes that follow the job, then the other sets it leaves
    /// (<c>all</c>, its queue's, its labels', its queue's ready set). ARGV: id, how many counts hashes, then every state's name in the order
    /// of the state sets.
    /// </remarks>
    public const string Remove = Decrement + """
        local id = ARGV[1]
        local counts = tonumber(ARGV[2])
        local states = #ARGV - 2
        for i = 1, states do
            if redis.call('ZREM', KEYS[1 + i], id) == 1 then
                for c = 2 + states, 1 + states + counts do
                    decrement(KEYS[c], ARGV[2 + i])
                end
            end
        end
        for i = 2 + states + counts, #KEYS do
            redis.call('ZREM', KEYS[i], id)
        end
        redis.call('HDEL', KEYS[1], id)
        """;

    /// <summary>
    /// Gives an event of shard <c>ARGV[#ARGV - 1]</c> of <c>ARGV[#ARGV]</c> shards its stream id: the server's time in
    /// milliseconds (or the stream's last id's, if later), and a sequence whose remainder mod the shard count is the
    /// shard, so ids are unique across the shards' streams and a merged cursor can order them all.
    /// </summary>
    /// <remarks>Used only with more than one shard: one XREVRANGE and one TIME more per event.</remarks>
    internal const string ShardedEventId = """
        local function eventId(stream)
            local shard, shards = tonumber(ARGV[#ARGV - 1]), tonumber(ARGV[#ARGV])
            local t = redis.call('TIME')
            local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local k = 0
            local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
            local lastId = nil
            if #last > 0 then
                lastId = last[1][1]
            elseif redis.call('EXISTS', stream) == 1 then
                local info = redis.call('XINFO', 'STREAM', stream)
                for i = 1, #info, 2 do
                    if info[i] == 'last-generated-id' then lastId = info[i + 1] end
                end
            end
            if lastId then
                local dash = string.find(lastId, '-', 1, true)
                local lastMs = tonumber(string.sub(lastId, 1, dash - 1))
                if lastMs >= ms then
                    ms = lastMs
                    k = math.floor(tonumber(string.sub(lastId, dash + 1)) / shards) + 1
                end
            end
            return string.format('%d-%d', ms, k * shards + shard)
        end

        """;

    /// <summary><see cref="RecordFirst"/> for a shard of several: ARGV ends with the shard and the shard count.</summary>
    public static readonly string RecordFirstSharded = ShardedEventId + RecordFirst.Replace("'*'", "eventId(KEYS[4])", StringComparison.Ordinal);

    /// <summary><see cref="RecordTransition"/> for a shard of several: ARGV ends with the shard and the shard count.</summary>
    public static readonly string RecordTransitionSharded = ShardedEventId + RecordTransition.Replace("'*'", "eventId(KEYS[4])", StringComparison.Ordinal);

    /// <summary>
    /// Adds one event to a shard's stream with a <see cref="ShardedEventId"/> id. KEYS: the stream. ARGV: the event's
    /// JSON, the stream's approximate maximum length, the shard, the shard count. Returns the id.
    /// </summary>
    public const string AppendSharded = ShardedEventId + """
        return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], eventId(KEYS[1]), 'e', ARGV[1])
        """;
}
