using System.Globalization;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// <see cref="IReplicaAcknowledgements"/> on the process's one Redis connection: <c>WAIT n timeout</c> after the writes.
/// WAIT covers the writes of the connection it runs on, so every writer that it protects (Orleans' grain storage and
/// reminders, the index, the deadline set, the event log) shares this multiplexer, whose one interactive connection to
/// the primary carries them in order. A mark counts the connection's failures and restorations: when the connection
/// changed between the mark and the WAIT (a failover to another primary), WAIT there would say nothing about the
/// writes, so the confirmation fails instead.
/// </summary>
internal sealed partial class RedisReplicaAcknowledgements : IReplicaAcknowledgements
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisReplicaAcknowledgements> _logger;
    private readonly int _acks;
    private readonly long _timeoutMs;
    private long _epoch;

    public RedisReplicaAcknowledgements(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisReplicaAcknowledgements> logger)
    {
        _redis = redis;
        _logger = logger;
        _acks = options.Value.ReplicaAcks;
        _timeoutMs = (long)options.Value.ReplicaAckTimeout.TotalMilliseconds;
        if (_acks <= 0)
            return;
        redis.ConnectionFailed += (_, e) => Changed(e.ConnectionType);
        redis.ConnectionRestored += (_, e) => Changed(e.ConnectionType);
        redis.ConfigurationChanged += (_, _) => Interlocked.Increment(ref _epoch);
    }

    public bool Enabled => _acks > 0;

    public long Begin() => Interlocked.Read(ref _epoch);

    public async Task ConfirmAsync(long mark)
    {
        if (_acks <= 0)
            return;
        ThrowIfChanged(mark);
        var reply = await _redis.GetDatabase().ExecuteAsync("WAIT", [_acks, _timeoutMs], CommandFlags.DemandMaster);
        var acknowledged = (long)reply;
        ThrowIfChanged(mark);
        if (acknowledged >= _acks)
            return;
        LogTooFewAcks(_acks, acknowledged, _timeoutMs);
        throw new ReplicaAcknowledgementException(_acks, acknowledged, string.Create(CultureInfo.InvariantCulture,
            $"Only {acknowledged} of the {_acks} Redis replicas required (Scheduler:Redis:ReplicaAcks) acknowledged the write within {_timeoutMs} ms."));
    }

    private void Changed(ConnectionType type)
    {
        if (type == ConnectionType.Interactive)
            Interlocked.Increment(ref _epoch);
    }

    private void ThrowIfChanged(long mark)
    {
        if (Interlocked.Read(ref _epoch) == mark)
            return;
        LogConnectionChanged(_acks);
        throw new ReplicaAcknowledgementException(_acks, 0,
            "The Redis connection was lost or moved to another primary during the write, so its replication cannot be confirmed.");
    }
}
