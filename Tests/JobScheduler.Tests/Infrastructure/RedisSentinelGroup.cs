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
        var primary = new RedisServer();
        await primary.StartAsync();
        var replica = new RedisServer(arguments: ["--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]);
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
