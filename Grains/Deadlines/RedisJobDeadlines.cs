using JobScheduler.Grains.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Deadlines;

/// <summary>
/// The deadlines in Redis (cluster mode): one sorted set <c>{KeyPrefix}:deadlines</c>, member = job id,
/// score = deadline in unix milliseconds; with several shards (<see cref="RedisOptions.Shards"/>) one per shard,
/// <c>{KeyPrefix:s&lt;n&gt;}:deadlines</c>, holding that shard's jobs.
/// </summary>
/// <remarks>
/// One key for every job keeps a sweep to one range read however many jobs there are, and lets an operator
/// see the backlog with <c>ZCOUNT key -inf now</c>. Each operation is a single command or script: one round trip.
/// </remarks>
public sealed class RedisJobDeadlines : IJobDeadlines
{
    // Runs as one unit on the server, so two silos sweeping at once never take the same id: whichever script
    // runs second sees the first one's ids already moved into the future. ZADD is chunked because Lua's
    // unpack() is limited by the C stack (about 8,000 values).
    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local args = {}
        for i = 1, #ids do
            args[#args + 1] = ARGV[3]
            args[#args + 1] = ids[i]
            if #args >= 1000 then
                redis.call('ZADD', KEYS[1], 'XX', unpack(args))
                args = {}
            end
        end
        if #args > 0 then
            redis.call('ZADD', KEYS[1], 'XX', unpack(args))
        end
        return ids
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey _key;
    // One set per shard (Scheduler:Redis:Shards), a job's in its shard's; _key is shard 0's.
    private readonly RedisShardLayout _layout;
    private readonly RedisKey[] _keys;

    /// <summary>Creates the deadlines over <paramref name="redis"/>, in the key <c>{KeyPrefix}:deadlines</c>.</summary>
    public RedisJobDeadlines(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _layout = RedisShardLayout.For(redis, options.Value);
        _keys = [.. Enumerable.Range(0, _layout.Count).Select(i => (RedisKey)(_layout.Root(i) + ":deadlines"))];
        _key = _keys[0];
    }

    /// <inheritdoc />
    public Task SetAsync(string jobId, DateTimeOffset deadline)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return _redis.GetDatabase().SortedSetAddAsync(_keys[_layout.ShardOf(jobId)], jobId, deadline.ToUnixTimeMilliseconds());
    }

    /// <inheritdoc />
    public Task ClearAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return _redis.GetDatabase().SortedSetRemoveAsync(_keys[_layout.ShardOf(jobId)], jobId);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One script: ZRANGEBYSCORE -inf now LIMIT 0 max, then ZADD XX of each id at now + redeliverAfter. With several
    /// shards: a ZRANGEBYSCORE of each shard's oldest, merged to share the batch out oldest first, then the script on
    /// each shard with overdue jobs for its share.
    /// </remarks>
    public async Task<IReadOnlyList<string>> ClaimOverdueAsync(DateTimeOffset now, int max, TimeSpan redeliverAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThan(redeliverAfter, TimeSpan.Zero);
        var nowMs = now.ToUnixTimeMilliseconds();
        if (_keys.Length == 1)
            return await ClaimAsync(_key, nowMs, max, redeliverAfter);
        // Several shards: first a look at each shard's oldest (read only), to share the batch out oldest first; then
        // one claim per shard for its share. A sweeper on another silo may claim some in between: the claims stay atomic
        // per shard, and a shorter batch only ends this sweep early.
        var db = _redis.GetDatabase();
        var peeks = await Task.WhenAll(_keys.Select(k => db.SortedSetRangeByScoreWithScoresAsync(k, double.NegativeInfinity, nowMs, Exclude.None, Order.Ascending, 0, max)));
        var oldest = Indexing.ShardPageMerge.Page(peeks, 0, max, descending: false);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, member) in oldest)
            order[member.ToString()] = order.Count;
        var claims = await Task.WhenAll(oldest.GroupBy(o => o.Shard).Select(g => ClaimAsync(_keys[g.Key], nowMs, g.Count(), redeliverAfter)));
        return [.. claims.SelectMany(c => c).OrderBy(id => order.GetValueOrDefault(id, int.MaxValue))];
    }

    private async Task<string[]> ClaimAsync(RedisKey key, long nowMs, int max, TimeSpan redeliverAfter)
    {
        // SE.Redis sends EVALSHA once the script is cached on the server and falls back to EVAL on NOSCRIPT.
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [key],
            [nowMs, max, nowMs + (long)redeliverAfter.TotalMilliseconds]);
        return result.IsNull ? [] : (string[])result!;
    }
}
