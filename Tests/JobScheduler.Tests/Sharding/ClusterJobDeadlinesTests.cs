using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Hosting;
using JobScheduler.Tests.Deadlines;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Sharding;

/// <summary>Every scenario of the deadlines, with the set split into three shards over a three-primary Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait("Category", "RedisCluster")]
public sealed class ClusterJobDeadlinesTests(RedisClusterFixture cluster) : JobDeadlinesTests, IAsyncLifetime
{
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
    }

    protected override async Task<IJobDeadlines> CreateAsync() => await ConnectAsync();

    protected override async Task<IJobDeadlines> ConnectAnotherAsync(IJobDeadlines store) => await ConnectAsync();

    private async Task<IJobDeadlines> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        _connections.Add(connection);
        return new RedisJobDeadlines(connection, Options.Create(new RedisOptions { KeyPrefix = _prefix, Shards = 3 }));
    }
}
