using System.Diagnostics.Metrics;
using JobScheduler.Grains.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// Which instruments the real metrics pipeline listens to: an instrument it does not enable costs its recording site a
/// check and nothing more. Each test publishes instruments of the names Orleans and ASP.NET Core use, on meters of its
/// own, after building the pipeline.
/// </summary>
public sealed class HotPathInstrumentsTests
{
    [Fact]
    public void MetricsExport_ByDefault_ListensToNoPerMessageOrPerRequestInstrument()
    {
        using var services = Pipeline(detailed: false);
        using var orleans = new Meter(SchedulerMetricsServiceCollectionExtensions.OrleansMeterName);
        using var routing = new Meter("Microsoft.AspNetCore.Routing");
        using var memoryPool = new Meter("Microsoft.AspNetCore.MemoryPool");
        using var hosting = new Meter("Microsoft.AspNetCore.Hosting");

        Assert.False(orleans.CreateHistogram<int>("orleans-messaging-sent-messages-size").Enabled);
        Assert.False(orleans.CreateCounter<long>("orleans-messaging-processing-dispatcher-received").Enabled);
        Assert.False(orleans.CreateCounter<long>("orleans-gateway-received").Enabled);
        Assert.False(orleans.CreateHistogram<double>("orleans-app-requests-latency").Enabled);
        Assert.False(orleans.CreateCounter<long>("orleans-directory-lookups-local-issued").Enabled);
        Assert.False(routing.CreateCounter<long>("aspnetcore.routing.match_attempts").Enabled);
        Assert.False(memoryPool.CreateCounter<long>("aspnetcore.memory_pool.rented").Enabled);
        // What operators read stays: Orleans' activations and storage, the requests the dashboard plots.
        Assert.True(orleans.CreateCounter<long>("orleans-catalog-activation-created").Enabled);
        Assert.True(orleans.CreateHistogram<double>("orleans-storage-write-latency").Enabled);
        Assert.True(orleans.CreateCounter<long>("orleans-messaging-rejected").Enabled);
        Assert.True(hosting.CreateHistogram<double>("http.server.request.duration").Enabled);
    }

    [Fact]
    public void MetricsExport_Detailed_ListensToEveryInstrument()
    {
        using var services = Pipeline(detailed: true);
        using var orleans = new Meter(SchedulerMetricsServiceCollectionExtensions.OrleansMeterName);
        using var routing = new Meter("Microsoft.AspNetCore.Routing");

        Assert.True(orleans.CreateHistogram<int>("orleans-messaging-sent-messages-size").Enabled);
        Assert.True(orleans.CreateHistogram<double>("orleans-app-requests-latency").Enabled);
        Assert.True(routing.CreateCounter<long>("aspnetcore.routing.match_attempts").Enabled);
    }

    private static ServiceProvider Pipeline(bool detailed)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Scheduler:Metrics:Detailed"] = detailed ? "true" : "false" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSchedulerMetricsExport(configuration)
            // The reader the hosts add (SchedulerHttpTelemetry): a provider without one listens to nothing.
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter())
            .BuildServiceProvider();
        // Built on first resolution, as the host does at start.
        Assert.NotNull(services.GetRequiredService<MeterProvider>());
        return services;
    }
}
