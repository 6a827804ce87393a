using System.Diagnostics;
using StackExchange.Redis;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A local Redis Cluster of three primaries and no replicas: three <see cref="RedisServer"/>s on free loopback ports
/// started with <c>--cluster-enabled yes</c>, joined by <c>redis-cli --cluster create</c>. Each server's directory (with
/// its <c>nodes.conf</c>) is deleted on dispose.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The three primaries.</summary>
    public IReadOnlyList<RedisServer> Primaries { get; } =
        [.. Enumerable.Range(0, 3).Select(_ => new RedisServer(arguments: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"]))];

    /// <summary>A StackExchange.Redis connection string naming every primary; the client finds the slots itself.</summary>
    public string ConnectionString => string.Join(',', Primaries.Select(p => $"127.0.0.1:{p.Port}"));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Task.WhenAll(Primaries.Select(p => p.StartAsync()));
        await RunRedisCliAsync(["--cluster", "create", .. Primaries.Select(p => $"127.0.0.1:{p.Port}"), "--cluster-replicas", "0", "--cluster-yes"]);
        await Eventually.Async(async () =>
        {
            foreach (var primary in Primaries)
            {
                var info = await RunRedisCliAsync(["-p", primary.Port.ToString(), "cluster", "info"]);
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
                    return false;
            }
            return true;
        }, ReadyTimeout, "the three-primary cluster to report cluster_state:ok on every node");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var primary in Primaries)
            await primary.DisposeAsync();
    }

    /// <summary>How many keys each primary holds (DBSIZE of each), by primary.</summary>
    public async Task<long[]> KeysPerPrimaryAsync()
    {
        var sizes = new long[Primaries.Count];
        for (var i = 0; i < Primaries.Count; i++)
        {
            await using var node = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Primaries[i].Port},allowAdmin=true");
            sizes[i] = await node.GetServer($"127.0.0.1:{Primaries[i].Port}").DatabaseSizeAsync();
        }
        return sizes;
    }

    private static async Task<string> RunRedisCliAsync(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-cli.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}
