using JobScheduler.Grains.Events;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// Reads the event stream through the consumer group <see cref="GroupName"/> (<c>XREADGROUP</c>): each event goes to one
/// silo, which acknowledges it (<c>XACK</c>) once its deliveries are stored. An event a silo read but did not acknowledge
/// within <see cref="WebhookOptions.ClaimAfter"/> (the silo died) is taken over by another (<c>XAUTOCLAIM</c>). The group
/// starts at the stream's end when first created: subscriptions see the events after it.
/// </summary>
public sealed class RedisWebhookEventSource : IWebhookEventSource
{
    /// <summary>The consumer group's name.</summary>
    public const string GroupName = "webhooks";

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey[] _keys;
    private readonly long _claimAfterMs;
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    // Per shard's stream (Scheduler:Redis:Shards): each has its own group.
    private readonly bool[] _groupExists;

    /// <summary>Creates the source over the event stream under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisWebhookEventSource(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = RedisEventLog.KeysFor(RedisShardLayout.For(redis, redisOptions.Value));
        _groupExists = new bool[_keys.Length];
        _claimAfterMs = (long)options.Value.ClaimAfter.TotalMilliseconds;
    }

    /// <summary>This silo's consumer name in the group.</summary>
    public string ConsumerName => _consumer;

    /// <inheritdoc />
    /// <remarks>With several shards, up to <paramref name="count"/> from each shard's stream, in shard order.</remarks>
    public async Task<IReadOnlyList<SchedulerEvent>> ReadAsync(int count)
    {
        if (_keys.Length == 1)
            return await ReadAsync(0, count);
        var events = new List<SchedulerEvent>();
        for (var shard = 0; shard < _keys.Length; shard++)
            events.AddRange(await ReadAsync(shard, count));
        return events;
    }

    private async Task<IReadOnlyList<SchedulerEvent>> ReadAsync(int shard, int count)
    {
        var db = _redis.GetDatabase();
        var key = _keys[shard];
        await EnsureGroupAsync(db, shard);
        StreamEntry[] entries;
        try
        {
            // Another silo's (or this one's) events left unacknowledged too long come first: their silo is gone.
            var claimed = await db.StreamAutoClaimAsync(key, GroupName, _consumer, _claimAfterMs, "0-0", count);
            entries = claimed.ClaimedEntries.Length > 0
                ? claimed.ClaimedEntries
                : await db.StreamReadGroupAsync(key, GroupName, _consumer, StreamPosition.NewMessages, count);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // The stream (and its group) was deleted, e.g. by FLUSHDB: create them again on the next read.
            _groupExists[shard] = false;
            return [];
        }
        var events = new List<SchedulerEvent>(entries.Length);
        var unreadable = new List<RedisValue>();
        foreach (var entry in entries)
        {
            var json = entry.IsNull ? RedisValue.Null : entry[RedisEventLog.Field];
            if (!json.IsNull && SchedulerEventJson.Read((byte[])json!, entry.Id!) is { } e)
                events.Add(e);
            else
                unreadable.Add(entry.Id);
        }
        if (unreadable.Count > 0)
            await db.StreamAcknowledgeAsync(key, GroupName, [.. unreadable]);
        return events;
    }

    /// <inheritdoc />
    /// <remarks>With several shards, each event is acknowledged in the stream of its id's shard.</remarks>
    public Task AcknowledgeAsync(IReadOnlyList<SchedulerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            return Task.CompletedTask;
        var db = _redis.GetDatabase();
        if (_keys.Length == 1)
            return db.StreamAcknowledgeAsync(_keys[0], GroupName, [.. events.Select(e => (RedisValue)e.Id)]);
        return Task.WhenAll(events.GroupBy(e => RedisEventLog.ShardOfEventId(e.Id, _keys.Length))
            .Select(g => db.StreamAcknowledgeAsync(_keys[g.Key], GroupName, [.. g.Select(e => (RedisValue)e.Id)])));
    }

    private async Task EnsureGroupAsync(IDatabase db, int shard)
    {
        if (_groupExists[shard])
            return;
        try
        {
            await db.StreamCreateConsumerGroupAsync(_keys[shard], GroupName, StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another silo created it first.
        }
        _groupExists[shard] = true;
    }
}
