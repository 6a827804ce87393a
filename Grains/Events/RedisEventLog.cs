using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Events;

/// <summary>
/// The event log in Redis (cluster mode): one stream, <c>{KeyPrefix}:events</c>, each entry one field <c>e</c> holding the
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

    /// <summary>Creates the log over <paramref name="redis"/>, under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisEventLog(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<EventLogOptions> options)
    {
        _redis = redis;
        Key = KeyFor(redisOptions.Value.KeyPrefix);
        _maxLength = options.Value.MaxLength;
    }

    /// <summary>The stream's key.</summary>
    public RedisKey Key { get; }

    /// <summary>The stream's key under <paramref name="prefix"/>.</summary>
    public static RedisKey KeyFor(string prefix) => prefix + ":events";

    /// <inheritdoc />
    public Task AppendAsync(SchedulerEvent e) =>
        _redis.GetDatabase().StreamAddAsync(Key, Field, SchedulerEventJson.Stored(e), maxLength: (long)_maxLength, useApproximateMaxLength: true);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchedulerEvent>> ReadAfterAsync(EventPosition after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        // "(" makes the start exclusive (Redis 6.2+): the events strictly after the position.
        var entries = await _redis.GetDatabase().StreamRangeAsync(Key, "(" + after, "+", count);
        var events = new List<SchedulerEvent>(entries.Length);
        foreach (var entry in entries)
        {
            var json = entry[Field];
            if (!json.IsNull && SchedulerEventJson.Read((byte[])json!, entry.Id!) is { } e)
                events.Add(e);
        }
        return events;
    }

    /// <inheritdoc />
    public async Task<EventPosition> LatestAsync()
    {
        var newest = await _redis.GetDatabase().StreamRangeAsync(Key, "-", "+", 1, Order.Descending);
        return newest.Length == 0 ? EventPosition.Start : EventPosition.Parse(newest[0].Id!);
    }

    /// <inheritdoc />
    public Task TrimOlderThanAsync(DateTimeOffset cutoff) =>
        _redis.GetDatabase().StreamTrimByMinIdAsync(Key, cutoff.ToUnixTimeMilliseconds(), useApproximateMaxLength: true);
}
