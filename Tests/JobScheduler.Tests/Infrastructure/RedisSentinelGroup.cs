using System.Globalization;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A Redis primary, one replica and three sentinels (quorum 2), all real processes on loopback ports, ready once every
/// sentinel knows the replica (link up) and the two other sentinels, so that a failover can start at once.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncDisposable
{
    /// <summary>The service name the sentinels monitor the primary under.</summary>
    public const string ServiceName = "jobscheduler";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(40);

    private RedisSentinelGroup(RedisServer primary, RedisServer replica, IReadOnlyList<RedisSentinel> sentinels)
    {
        Primary = primary;
        Replica = replica;
        Sentinels = sentinels;
    }

    /// <summary>The first primary.</summary>
    public RedisServer Primary { get; }

    /// <summary>Its replica, which the sentinels promote when the primary dies.</summary>
    public RedisServer Replica { get; }

    /// <summary>The three sentinels.</summary>
    public IReadOnlyList<RedisSentinel> Sentinels { get; }

    /// <summary>What the scheduler's processes connect with: the sentinels and <c>serviceName=</c>.</summary>
    public string ConnectionString =>
        string.Join(',', Sentinels.Select(s => $"127.0.0.1:{s.Port.ToString(CultureInfo.InvariantCulture)}")) + $",serviceName={ServiceName}";

    /// <summary>Starts the primary, the replica and the sentinels, and waits until a failover could run.</summary>
    public static async Task<RedisSentinelGroup> StartAsync()
    {
        // Either node may become a replica. A replica whose link to its primary is down or still syncing refuses reads
        // (MASTERDOWN) instead of answering from stale or empty data: clients fall back to replicas for reads while
        // the primary is unreachable, and a grain activated on an empty replica would see no job (docs/redis.md).
        string[] replicaSafety = ["--replica-serve-stale-data", "no"];
        var primary = new RedisServer(arguments: replicaSafety);
        await primary.StartAsync();
        var replica = new RedisServer(arguments: [.. replicaSafety, "--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]);
        var sentinels = Enumerable.Range(0, 3).Select(_ => new RedisSentinel(ServiceName, primary.Port, quorum: 2)).ToArray();
        var group = new RedisSentinelGroup(primary, replica, sentinels);
        try
        {
            await replica.StartAsync();
            foreach (var sentinel in sentinels)
                await sentinel.StartAsync();
            await Eventually.Async(async () =>
            {
                foreach (var sentinel in sentinels)
                {
                    var (replicas, others) = await sentinel.KnownAsync();
                    if (replicas < 1 || others < sentinels.Length - 1)
                        return false;
                }
                return true;
            }, ReadyTimeout, () => "the sentinels to know the replica and each other:" + Environment.NewLine + group.Diagnostics);
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
        return group;
    }

    /// <summary>The primary the sentinels agree on (every one names it), or null while they do not.</summary>
    public async Task<string?> AgreedPrimaryAsync()
    {
        var named = new HashSet<string?>();
        foreach (var sentinel in Sentinels)
            named.Add(await sentinel.PrimaryAsync());
        return named.Count == 1 ? named.First() : null;
    }

    /// <summary>
    /// Starts the killed first primary again (empty: it kept no file) as a replica of <paramref name="promoted"/>, the
    /// primary the sentinels name now, as a supervisor that asks them would, and waits until the sentinels see its
    /// link up.
    /// </summary>
    public async Task RestartKilledPrimaryAsReplicaAsync(string promoted)
    {
        await Primary.StartAsReplicaOfAsync(int.Parse(promoted[(promoted.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        await Eventually.Async(async () =>
        {
            if (await AgreedPrimaryAsync() != promoted)
                return false;
            foreach (var sentinel in Sentinels)
            {
                var (replicas, _) = await sentinel.KnownAsync();
                if (replicas < 1)
                    return false;
            }
            return true;
        }, ReadyTimeout, () => $"the restarted node to become a replica of {promoted}:{Environment.NewLine}{Diagnostics}");
    }

    /// <summary>Every sentinel's output, for failure messages.</summary>
    public string Diagnostics => string.Join(Environment.NewLine, Sentinels.Select(s => s.Output));

    /// <summary>Kills everything it started.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in Sentinels)
            await sentinel.DisposeAsync();
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
