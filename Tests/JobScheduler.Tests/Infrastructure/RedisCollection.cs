namespace JobScheduler.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="RedisFixture"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    /// <summary>The collection's name, for <c>[Collection(RedisCollection.Name)]</c>.</summary>
    public const string Name = "redis";
}
