using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Retries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Retries;

/// <summary>The configured retry defaults: the keys users set today, bound as options and checked at start.</summary>
public sealed class RetryDefaultsOptionsTests
{
    [Fact]
    public void AddRetryDefaults_NoConfiguration_IsTheBuiltInDefaults()
    {
        using var provider = Services([]).AddRetryDefaults().BuildServiceProvider();

        var policy = provider.GetRequiredService<RetryDefaults>().For(Spec("default"));

        Assert.Equal(Json(RetryPolicy.Defaults), Json(policy));
    }

    [Fact]
    public void AddRetryDefaults_ServerAndQueueKeys_QueueThenServerThenBuiltIn()
    {
        using var provider = Services(new()
        {
            ["Scheduler:Jobs:DefaultTimeout"] = "00:10:00",
            ["Scheduler:Jobs:Retry:MaxAttempts"] = "5",
            ["Scheduler:Jobs:Retry:InitialBackoff"] = "00:00:05",
            ["Scheduler:Jobs:Retry:Jitter"] = "None",
            ["Scheduler:Queues:reports:Retry:MaxAttempts"] = "10",
            ["Scheduler:Queues:reports:Retry:NonRetryableExitCodes:0"] = "3",
            ["Scheduler:Queues:reports:Retry:NonRetryableExitCodes:1"] = "4",
            ["Scheduler:Queues:other:Unrelated"] = "x",
        }).AddRetryDefaults().BuildServiceProvider();
        var defaults = provider.GetRequiredService<RetryDefaults>();

        var reports = defaults.For(Spec("reports"));
        var server = defaults.For(Spec("other"));

        Assert.Equal(Json(RetryPolicy.Defaults with
        {
            MaxAttempts = 10,
            InitialBackoff = TimeSpan.FromSeconds(5),
            Jitter = JitterMode.None,
            NonRetryableExitCodes = [3, 4],
        }), Json(reports));
        Assert.Equal(Json(RetryPolicy.Defaults with
        {
            MaxAttempts = 5,
            InitialBackoff = TimeSpan.FromSeconds(5),
            Jitter = JitterMode.None,
        }), Json(server));
    }

    [Fact]
    public void For_JobAndQueueSettings_JobThenQueueSettingsThenConfiguration()
    {
        using var provider = Services(new()
        {
            ["Scheduler:Queues:reports:Retry:MaxAttempts"] = "10",
            ["Scheduler:Queues:reports:Retry:BackoffMultiplier"] = "3",
        }).AddRetryDefaults().BuildServiceProvider();
        var defaults = provider.GetRequiredService<RetryDefaults>();
        var queueSettings = new RetryPolicy { MaxAttempts = 7, InitialBackoff = TimeSpan.FromSeconds(9) };

        var own = defaults.For(Spec("reports") with { Retry = new RetryPolicy { MaxAttempts = 2 } }, queueSettings);
        var queue = defaults.For(Spec("reports"), queueSettings);

        Assert.Equal(Json(RetryPolicy.Defaults with { MaxAttempts = 2, InitialBackoff = TimeSpan.FromSeconds(9), BackoffMultiplier = 3 }), Json(own));
        Assert.Equal(Json(RetryPolicy.Defaults with { MaxAttempts = 7, InitialBackoff = TimeSpan.FromSeconds(9), BackoffMultiplier = 3 }), Json(queue));
    }

    [Fact]
    public void AddRetryDefaults_EveryValueInvalid_ReportsEveryKey()
    {
        using var provider = Services(new()
        {
            ["Scheduler:Jobs:Retry:MaxAttempts"] = "0",
            ["Scheduler:Jobs:Retry:BackoffMultiplier"] = "0.5",
            ["Scheduler:Queues:reports:Retry:JitterFraction"] = "2",
            ["Scheduler:Queues:reports:Retry:InitialBackoff"] = "00:10:00",
            ["Scheduler:Queues:reports:Retry:MaxBackoff"] = "00:01:00",
            ["Scheduler:Queues:reports:Retry:NonRetryableExitCodes:0"] = "1",
            ["Scheduler:Queues:reports:Retry:NonRetryableExitCodes:1"] = "300",
        }).AddRetryDefaults().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetryDefaultsOptions>>().Value);

        string[] keys =
        [
            "Scheduler:Jobs:Retry:MaxAttempts", "Scheduler:Jobs:Retry:BackoffMultiplier", "Scheduler:Queues:reports:Retry:JitterFraction",
            "Scheduler:Queues:reports:Retry:MaxBackoff", "Scheduler:Queues:reports:Retry:NonRetryableExitCodes:1",
        ];
        Assert.Equal(keys.Length, error.Failures.Count());
        foreach (var key in keys)
            Assert.Contains(error.Failures, f => f.StartsWith(key + ": ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddRetryDefaults_InvalidValue_StopsTheHostAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Scheduler:Queues:reports:Retry:MaxAttempts"] = "-1" });
        builder.Services.AddRetryDefaults();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Scheduler:Queues:reports:Retry:MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRetryDefaults_CalledTwice_RegistersOnce()
    {
        var services = Services([]).AddRetryDefaults().AddRetryDefaults();

        Assert.Single(services, d => d.ServiceType == typeof(RetryDefaults));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<RetryDefaultsOptions>));
    }

    [Fact]
    public void RetryDefaultsOptions_Defaults_AreValid()
    {
        var result = new RetryDefaultsOptionsValidator().Validate(null, new RetryDefaultsOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static JobSpec Spec(string queue) => new() { Image = "busybox:latest", Command = ["true"], Queue = queue };

    // Records compare their arrays by reference: the JSON shows whether two policies say the same.
    private static string Json(RetryPolicy policy) => System.Text.Json.JsonSerializer.Serialize(policy);

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        return services;
    }
}
