using JobScheduler.Grains.Deadlines;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Deadlines;

[Collection(RedisCollection.Name)]
public sealed class DeadlineServiceCollectionExtensionsTests(RedisFixture redis)
{
    [Fact]
    public async Task AddRedisJobDeadlines_WithTheIndexAndTwice_SharesOneMultiplexerAndKeyPrefix()
    {
        var prefix = "di-" + Guid.NewGuid().ToString("N");
        await using var provider = Services(new()
        {
            [$"{RedisOptions.SectionName}:ConnectionString"] = redis.ConnectionString,
            [$"{RedisOptions.SectionName}:KeyPrefix"] = prefix,
        }).AddRedisJobIndex().AddRedisJobDeadlines().AddRedisJobDeadlines().BuildServiceProvider(validateScopes: true);

        var deadlines = Assert.IsType<RedisJobDeadlines>(Assert.Single(provider.GetServices<IJobDeadlines>()));
        await deadlines.SetAsync("a", DateTimeOffset.UnixEpoch);

        Assert.Single(provider.GetServices<IConnectionMultiplexer>());
        var multiplexer = provider.GetRequiredService<IConnectionMultiplexer>();
        Assert.Equal(1, await multiplexer.GetDatabase().SortedSetLengthAsync($"{prefix}:deadlines"));
    }

    [Fact]
    public void AddInMemoryJobDeadlines_CalledTwice_ResolvesOneSingleton()
    {
        using var provider = Services([]).AddInMemoryJobDeadlines().AddInMemoryJobDeadlines().BuildServiceProvider();

        Assert.IsType<InMemoryJobDeadlines>(Assert.Single(provider.GetServices<IJobDeadlines>()));
        Assert.Same(provider.GetRequiredService<IJobDeadlines>(), provider.GetRequiredService<IJobDeadlines>());
    }

    [Fact]
    public void AddDeadlineSweeper_CalledTwice_RegistersOneLifecycleParticipant()
    {
        var services = Services([]).AddDeadlineSweeper().AddDeadlineSweeper();

        Assert.Single(services, d => d.ServiceType == typeof(DeadlineSweeper));
        Assert.Single(services, d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<DeadlineOptions>));
    }

    [Fact]
    public void AddDeadlineSweeper_Configuration_BindsTheSection()
    {
        using var provider = Services(new()
        {
            [$"{DeadlineOptions.SectionName}:SweepInterval"] = "00:00:05",
            [$"{DeadlineOptions.SectionName}:RedeliverAfter"] = "00:01:00",
            [$"{DeadlineOptions.SectionName}:BatchSize"] = "100",
            [$"{DeadlineOptions.SectionName}:MaxConcurrentPokes"] = "8",
        }).AddDeadlineSweeper().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DeadlineOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 100, 8),
            (options.SweepInterval, options.RedeliverAfter, options.BatchSize, options.MaxConcurrentPokes));
    }

    [Fact]
    public void AddDeadlineSweeper_EveryValueInvalid_ReportsEveryKey()
    {
        using var provider = Services(new()
        {
            [$"{DeadlineOptions.SectionName}:SweepInterval"] = "00:00:00",
            [$"{DeadlineOptions.SectionName}:RedeliverAfter"] = "-00:00:01",
            [$"{DeadlineOptions.SectionName}:BatchSize"] = "0",
            [$"{DeadlineOptions.SectionName}:MaxConcurrentPokes"] = "0",
        }).AddDeadlineSweeper().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DeadlineOptions>>().Value);

        Assert.Equal(4, error.Failures.Count());
        foreach (var key in new[] { "SweepInterval", "RedeliverAfter", "BatchSize", "MaxConcurrentPokes" })
            Assert.Contains(error.Failures, f => f.Contains($"{DeadlineOptions.SectionName}:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void DeadlineOptions_Defaults_AreValid()
    {
        var result = new DeadlineOptionsValidator().Validate(null, new DeadlineOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
