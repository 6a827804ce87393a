using JobScheduler.Grains.Observability;
using Microsoft.Extensions.Configuration;

namespace JobScheduler.Tests.Observability;

/// <summary>The switches read while the host is built: the options classes bound from their sections, not keys read by hand.</summary>
public sealed class ObservabilitySwitchesTests
{
    [Fact]
    public void Switches_NothingConfigured_AreTheOptionsDefaults()
    {
        var configuration = Configuration([]);

        var metrics = ObservabilitySwitches.Metrics(configuration);
        var tracing = ObservabilitySwitches.Tracing(configuration);

        Assert.Equal((true, true, false, true), (metrics.Enabled, metrics.IncludeOrleans, metrics.Detailed, tracing.Enabled));
        Assert.False(ObservabilitySwitches.TracesExported(metrics, tracing));
    }

    [Fact]
    public void Switches_Configured_AreBoundFromTheirKeys()
    {
        var configuration = Configuration(new()
        {
            ["Scheduler:Metrics:Enabled"] = "false",
            ["Scheduler:Metrics:IncludeOrleans"] = "false",
            ["Scheduler:Metrics:Detailed"] = "true",
            ["Scheduler:Metrics:OtlpEndpoint"] = "http://collector:4317",
            ["Scheduler:Tracing:Enabled"] = "true",
        });

        var metrics = ObservabilitySwitches.Metrics(configuration);
        var tracing = ObservabilitySwitches.Tracing(configuration);

        Assert.Equal((false, false, true), (metrics.Enabled, metrics.IncludeOrleans, metrics.Detailed));
        Assert.True(ObservabilitySwitches.TracesExported(metrics, tracing));
        Assert.False(ObservabilitySwitches.TracesExported(metrics, new TracingOptions { Enabled = false }));
    }

    [Fact]
    public void TracingEnabled_NotABoolean_FailsNamingTheKey()
    {
        var configuration = Configuration(new() { ["Scheduler:Tracing:Enabled"] = "sometimes" });

        var error = Assert.Throws<InvalidOperationException>(() => ObservabilitySwitches.TracingEnabled(configuration));

        Assert.Contains("Scheduler:Tracing:Enabled", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
