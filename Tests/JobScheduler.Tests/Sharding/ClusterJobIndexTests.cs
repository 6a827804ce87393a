using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Tests.Indexing;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Sharding;

/// <summary>Every scenario of the job index, with the index split into three shards over a three-primary Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait("Category", "RedisCluster")]
public sealed class ClusterJobIndexTests(RedisClusterFixture cluster) : JobIndexTests, IAsyncLifetime
{
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    protected override Task<IJobIndex> CreateIndexAsync() => Task.FromResult<IJobIndex>(
        new RedisJobIndex(_connection!, Options.Create(new RedisOptions { KeyPrefix = _prefix, Shards = 3 }), NullLogger<RedisJobIndex>.Instance));
}
