using JobScheduler.Client.Api.Hosting;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace JobScheduler.Tests.Hosting;

/// <summary>The settings that used to be read by hand or fixed in code: bound from their keys, validated, every failure named.</summary>
public sealed class HostingOptionsTests
{
    [Fact]
    public void AddClusterIdentity_ConfiguredKeys_ReachOrleansClusterOptions()
    {
        using var provider = Services(new()
        {
            [$"{ClusterIdentity.SectionName}:ClusterId"] = "blue",
            [$"{ClusterIdentity.SectionName}:ServiceId"] = "scheduler-prod",
        }).AddClusterIdentity().AddClusterIdentity().BuildServiceProvider();

        var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;

        Assert.Equal(("blue", "scheduler-prod"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void AddClusterIdentity_NothingConfigured_UsesTheDefaultIds()
    {
        using var provider = Services([]).AddClusterIdentity().BuildServiceProvider();

        var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;

        Assert.Equal((ClusterIdentity.DefaultId, ClusterIdentity.DefaultId), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void AddClusterIdentity_EveryValueInvalid_ReportsEveryKey()
    {
        using var provider = Services(new()
        {
            [$"{ClusterIdentity.SectionName}:ClusterId"] = " ",
            [$"{ClusterIdentity.SectionName}:ServiceId"] = "two words",
        }).AddClusterIdentity().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ClusterIdentityOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        foreach (var key in new[] { "ClusterId", "ServiceId" })
            Assert.Contains(error.Failures, f => f.Contains($"{ClusterIdentity.SectionName}:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSiloEndpointOptions_EveryValueInvalid_ReportsEveryKey()
    {
        using var provider = Services(new()
        {
            [$"{SiloEndpointOptions.SectionName}:SiloPort"] = "0",
            [$"{SiloEndpointOptions.SectionName}:GatewayPort"] = "70000",
            [$"{SiloEndpointOptions.SectionName}:AdvertisedAddress"] = "silo-1.example",
        }).AddSiloEndpointOptions().AddSiloEndpointOptions().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SiloEndpointOptions>>().Value);

        Assert.Equal(3, error.Failures.Count());
        foreach (var key in new[] { "SiloPort", "GatewayPort", "AdvertisedAddress" })
            Assert.Contains(error.Failures, f => f.Contains($"{SiloEndpointOptions.SectionName}:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSiloEndpointOptions_SamePortTwice_IsRefused()
    {
        using var provider = Services(new()
        {
            [$"{SiloEndpointOptions.SectionName}:SiloPort"] = "30000",
        }).AddSiloEndpointOptions().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SiloEndpointOptions>>().Value);

        Assert.Contains("must differ", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterClientOptions_EveryValueInvalid_ReportsEveryKey()
    {
        var result = new ClusterClientOptionsValidator().Validate(null, new ClusterClientOptions
        {
            GrainCallTimeout = TimeSpan.Zero,
            GatewayListRefreshPeriod = TimeSpan.FromHours(1),
        });

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        foreach (var key in new[] { "GrainCallTimeout", "GatewayListRefreshPeriod" })
            Assert.Contains(result.Failures!, f => f.Contains($"{ClusterClientOptions.SectionName}:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void ScheduleOptions_WakeRetryValuesInvalid_ReportsEveryKey()
    {
        using var provider = Services(new()
        {
            [$"{ScheduleOptions.SectionName}:WakeRetryDelay"] = "00:00:00",
            [$"{ScheduleOptions.SectionName}:WakeAttempts"] = "0",
        }).AddSchedules().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScheduleOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        foreach (var key in new[] { "WakeRetryDelay", "WakeAttempts" })
            Assert.Contains(error.Failures, f => f.Contains($"{ScheduleOptions.SectionName}:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new ClusterClientOptionsValidator().Validate(null, new ClusterClientOptions()).Succeeded);
        using var provider = Services([]).AddClusterIdentity().AddSiloEndpointOptions().AddSchedules().BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<ClusterIdentityOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<SiloEndpointOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<ScheduleOptions>>().Value;
    }

    [Fact]
    public void AddGrainDirectoryCacheOptions_NothingConfigured_HoldsTheSchedulersSmallerCache()
    {
        using var provider = Services([]).AddGrainDirectoryCacheOptions().AddGrainDirectoryCacheOptions().BuildServiceProvider();

        var directory = provider.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        Assert.Equal(GrainDirectoryCache.DefaultCacheSize, directory.CacheSize);
        Assert.True(directory.CacheSize < GrainDirectoryOptions.DEFAULT_CACHE_SIZE);
    }

    [Fact]
    public void AddGrainDirectoryCacheOptions_Configured_ReachesOrleans()
    {
        using var provider = Services(new() { [$"{GrainDirectoryCache.SectionName}:CacheSize"] = "250000" })
            .AddGrainDirectoryCacheOptions().BuildServiceProvider();

        Assert.Equal(250_000, provider.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("20000000")]
    public void AddGrainDirectoryCacheOptions_OutOfRange_NamesTheKey(string size)
    {
        using var provider = Services(new() { [$"{GrainDirectoryCache.SectionName}:CacheSize"] = size })
            .AddGrainDirectoryCacheOptions().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value);

        Assert.Contains($"{GrainDirectoryCache.SectionName}:CacheSize", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
