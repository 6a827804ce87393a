using System.Diagnostics;
using JobScheduler.Tests.Infrastructure;
using StackExchange.Redis;

namespace JobScheduler.Benchmarks;

/// <summary>
/// Everything a run shares and must clean up: one Redis on a free loopback port, the clusters started on it, the
/// machine's description (cores, commit). Disposing it kills every process it started; so does Ctrl+C (see Program).
/// </summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly List<SchedulerCluster> _clusters = [];
    private int _disposed;

    private BenchmarkHost(RedisServer redis, ConnectionMultiplexer connection)
    {
        Redis = redis;
        Connection = connection;
        Probe = new RedisProbe(connection);
    }

    public RedisServer Redis { get; }
    public ConnectionMultiplexer Connection { get; }
    public RedisProbe Probe { get; }
    public static int Cores => Environment.ProcessorCount;
    public static string Commit { get; } = ReadCommit();

    /// <summary>The replica (with <c>--replica-acks</c>), or null.</summary>
    public RedisServer? Replica { get; private set; }

    /// <summary><c>Scheduler:Redis:ReplicaAcks</c> for every cluster (with <c>--replica-acks</c>), or null.</summary>
    public int? ReplicaAcks { get; private set; }

    /// <summary>Starts Redis and, when <paramref name="replicaAcks"/> is set, one replica of it.</summary>
    public static async Task<BenchmarkHost> StartAsync(CancellationToken cancellationToken, int? replicaAcks = null)
    {
        var redis = new RedisServer();
        RedisServer? replica = null;
        try
        {
            await redis.StartAsync(cancellationToken);
            if (replicaAcks is not null)
            {
                replica = new RedisServer(arguments: ["--replicaof", "127.0.0.1", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await replica.StartAsync(cancellationToken);
            }
            return new BenchmarkHost(redis, await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true"))
            {
                Replica = replica,
                ReplicaAcks = replicaAcks,
            };
        }
        catch
        {
            if (replica is not null)
                await replica.DisposeAsync();
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a cluster-mode deployment (real silo and API processes) on this Redis. Every workload gets its own
    /// cluster id and key prefix, so none sees another's jobs, reminders or index.
    /// </summary>
    public async Task<SchedulerCluster> StartClusterAsync(int silos, int workerSlots, IReadOnlyDictionary<string, string> environment)
    {
        if (ReplicaAcks is { } acks)
            environment = new Dictionary<string, string>(environment) { ["Scheduler__Redis__ReplicaAcks"] = acks.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var cluster = new SchedulerCluster(Redis.ConnectionString, silos, workerSlots, environment);
        lock (_clusters)
            _clusters.Add(cluster);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Kills a cluster's processes now.</summary>
    public async Task StopClusterAsync(SchedulerCluster cluster)
    {
        lock (_clusters)
            _clusters.Remove(cluster);
        await cluster.StopAsync();
        await cluster.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        SchedulerCluster[] clusters;
        lock (_clusters)
            clusters = [.. _clusters];
        foreach (var cluster in clusters)
            await cluster.DisposeAsync();
        await Connection.DisposeAsync();
        if (Replica is not null)
            await Replica.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Working set of a process in bytes (VmRSS), or NaN when it is gone.</summary>
    public static double WorkingSet(int? pid)
    {
        if (pid is not { } id)
            return double.NaN;
        try
        {
            using var process = Process.GetProcessById(id);
            return process.WorkingSet64;
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }
    }

    private static string ReadCommit()
    {
        try
        {
            var info = new ProcessStartInfo("git", ["-C", RepositoryLayout.Root, "describe", "--always", "--dirty", "--abbrev=12"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(info)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }
}
