using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Events;

/// <summary>
/// The event log in Redis (cluster mode): one stream, <c>{KeyPrefix}:events</c> (with several shards one per shard,
/// <c>{KeyPrefix:s&lt;n&gt;}:events</c>, read merged by id), each entry one field <c>e</c> holding the
/// event's JSON (<see cref="SchedulerEventJson"/>); the stream id is the event id. Job transitions are added by the job
/// index's scripts (<see cref="Indexing.RedisJobIndexScripts"/>), trimmed to about <see cref="EventLogOptions.MaxLength"/>
/// entries as they are added, and by age every <see cref="EventLogOptions.TrimInterval"/> (<see cref="EventLogTrimmer"/>).
/// </summary>
public sealed class RedisEventLog : IEventLog
{
    /// <summary>The one field of each stream entry.</summary>
    public const string Field = "e";

    private readonly IConnectionMultiplexer _redis;
    private readonly int _maxLength;
    private readonly RedisShardLayout _layout;
    private readonly RedisKey[] _keys;
    private readonly TimeSpan _settle;
    private readonly TimeProvider _time;
    private readonly EventAppendedSignal? _appended;

    /// <summary>
    /// Creates the log over <paramref name="redis"/>, under <see cref="RedisOptions.KeyPrefix"/>: one stream per shard
    /// (<see cref="RedisOptions.Shards"/>), read merged in id order; this process's readers hear of each append through
    /// <paramref name="appended"/>.
    /// </summary>
    public RedisEventLog(
        IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<EventLogOptions> options, TimeProvider? time = null, EventAppendedSignal? appended = null)
    {
        _appended = appended;
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _layout = RedisShardLayout.For(redis, redisOptions.Value);
        _keys = KeysFor(_layout);
        Key = _keys[0];
        _maxLength = options.Value.MaxLength;
        _settle = redisOptions.Value.EventSettle;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The stream's key (shard 0's with several shards).</summary>
    public RedisKey Key { get; }

    /// <summary>Every shard's stream, by shard.</summary>
    public IReadOnlyList<RedisKey> Keys => _keys;

    /// <summary>Every shard's stream key under <paramref name="layout"/>, by shard.</summary>
    public static RedisKey[] KeysFor(RedisShardLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return [.. Enumerable.Range(0, layout.Count).Select(i => KeyFor(layout.Root(i)))];
    }

    /// <summary>The shard an event of stream id <paramref name="id"/> came from: its sequence mod the shard count.</summary>
    public static int ShardOfEventId(string id, int shards) =>
        shards == 1 ? 0 : (int)(EventPosition.Parse(id).Sequence % shards);

    /// <summary>The stream's key under <paramref name="prefix"/>.</summary>
    public static RedisKey KeyFor(string prefix) => prefix + ":events";

    /// <inheritdoc />
    /// <remarks>With several shards the event goes to its subject's shard (job, workflow or schedule id), with an id unique across the shards.</remarks>
    public async Task AppendAsync(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_keys.Length == 1)
        {
            await _redis.GetDatabase().StreamAddAsync(Key, Field, SchedulerEventJson.Stored(e), maxLength: (long)_maxLength, useApproximateMaxLength: true);
        }
        else
        {
            var shard = _layout.ShardOf(e.JobId ?? e.WorkflowId ?? e.ScheduleId ?? string.Empty);
            await _redis.GetDatabase().ScriptEvaluateAsync(
                Indexing.RedisJobIndexScripts.AppendSharded, [_keys[shard]], [SchedulerEventJson.Stored(e), _maxLength, shard, _keys.Length]);
        }
        _appended?.Raise();
    }

    /// <inheritdoc />
    /// <remarks>
    /// With several shards: each shard's events after the position, merged by id (ids are unique across shards), up to
    /// the earliest of (a) the last id of any shard that returned a full batch (it may hold more before the others' next)
    /// and (b) now minus <see cref="RedisOptions.EventSettle"/>, so that an event a shard adds later with an earlier id
    /// than one already returned cannot be skipped by a reader's cursor.
    /// </remarks>
    public async Task<IReadOnlyList<SchedulerEvent>> ReadAfterAsync(EventPosition after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var db = _redis.GetDatabase();
        // "(" makes the start exclusive (Redis 6.2+): the events strictly after the position.
        if (_keys.Length == 1)
            return Read(await db.StreamRangeAsync(Key, "(" + after, "+", count), int.MaxValue);

        var settled = new EventPosition(_time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_settle.TotalMilliseconds, long.MaxValue);
        var shards = await Task.WhenAll(_keys.Select(k => db.StreamRangeAsync(k, "(" + after, "+", count)));
        var limit = settled;
        foreach (var entries in shards)
        {
            if (entries.Length == count && EventPosition.Parse(entries[^1].Id!) is var last && last < limit)
                limit = last;
        }
        var merged = shards.SelectMany(e => e)
            .Select(e => (Position: EventPosition.Parse(e.Id!), Entry: e))
            .Where(e => e.Position <= limit)
            .OrderBy(e => e.Position)
            .Select(e => e.Entry)
            .ToArray();
        return Read(merged, count);
    }

    private static List<SchedulerEvent> Read(StreamEntry[] entries, int count)
    {
        var events = new List<SchedulerEvent>(Math.Min(entries.Length, count));
        foreach (var entry in entries.Take(count))
        {
            var json = entry[Field];
            if (!json.IsNull && SchedulerEventJson.Read((byte[])json!, entry.Id!) is { } e)
                events.Add(e);
        }
        return events;
    }

    /// <inheritdoc />
    /// <remarks>With several shards: the newest of the shards' newest.</remarks>
    public async Task<EventPosition> LatestAsync()
    {
        var db = _redis.GetDatabase();
        var newest = await Task.WhenAll(_keys.Select(k => db.StreamRangeAsync(k, "-", "+", 1, Order.Descending)));
        return newest.Where(n => n.Length > 0).Select(n => EventPosition.Parse(n[0].Id!)).DefaultIfEmpty(EventPosition.Start).Max();
    }

    /// <inheritdoc />
    public Task TrimOlderThanAsync(DateTimeOffset cutoff)
    {
        var db = _redis.GetDatabase();
        return Task.WhenAll(_keys.Select(k => db.StreamTrimByMinIdAsync(k, cutoff.ToUnixTimeMilliseconds(), useApproximateMaxLength: true)));
    }
}
