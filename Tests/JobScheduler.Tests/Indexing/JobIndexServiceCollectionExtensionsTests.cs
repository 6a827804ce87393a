using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace JobScheduler.Tests.Indexing;

[Collection(RedisCollection.Name)]
public sealed class JobIndexServiceCollectionExtensionsTests(RedisFixture redis)
{
    [Fact]
    public async Task AddRedisJobIndex_CalledTwice_ResolvesOneWorkingRedisIndex()
    {
        var prefix = "di-" + Guid.NewGuid().ToString("N");
        await using var provider = Services(new()
        {
            [$"{RedisOptions.SectionName}:ConnectionString"] = redis.ConnectionString,
            [$"{RedisOptions.SectionName}:KeyPrefix"] = prefix,
        }).AddRedisJobIndex().AddRedisJobIndex().BuildServiceProvider(validateScopes: true);

        var index = Assert.IsType<RedisJobIndex>(provider.GetRequiredService<IJobIndex>());
        await index.RecordAsync(TestJobs.Create("a", 1), previousState: null);

        Assert.Single(provider.GetServices<IJobIndex>());
        Assert.Equal(["a"], (await index.QueryAsync(new JobQuery())).Ids());
        var keys = provider.GetRequiredService<IConnectionMultiplexer>().GetServer(redis.ConnectionString).Keys(pattern: prefix + ":*");
        Assert.NotEmpty(keys);
    }

    [Fact]
    public void AddRedisJobIndex_NoConnectionString_FailsWithTheConfigurationKey()
    {
        using var provider = Services([]).AddRedisJobIndex().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IJobIndex>());

        Assert.Contains($"{RedisOptions.SectionName}:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryJobIndex_CalledTwice_ResolvesOneSingleton()
    {
        using var provider = Services([]).AddInMemoryJobIndex().AddInMemoryJobIndex().BuildServiceProvider();

        Assert.IsType<InMemoryJobIndex>(provider.GetRequiredService<IJobIndex>());
        Assert.Single(provider.GetServices<IJobIndex>());
        Assert.Same(provider.GetRequiredService<IJobIndex>(), provider.GetRequiredService<IJobIndex>());
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
