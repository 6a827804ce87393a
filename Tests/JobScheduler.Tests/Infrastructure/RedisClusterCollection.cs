namespace JobScheduler.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="RedisClusterFixture"/> (a local three-primary Redis Cluster); they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    /// <summary>The collection's name, for <c>[Collection(RedisClusterCollection.Name)]</c>.</summary>
    public const string Name = "redis-cluster";
}
