using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// Tests that read the <c>JobScheduler</c> meter's series from a <c>/metrics</c> scrape of an in-process host: a host
/// of their own, run while no other in-process host exists. Every host in the test process creates a meter of the
/// same name, and the OpenTelemetry SDK treats same-named meters as one: disposing another host's meter stops this
/// host's series too (open-telemetry/opentelemetry-dotnet#6412), which made a scrape lose
/// <c>jobscheduler_worker_free_slots</c> when a test's host beside it ended. Production runs one host per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection : ICollectionFixture<EmbeddedApiFixture>
{
    /// <summary>The collection's name, for <c>[Collection(MetricsScrapeCollection.Name)]</c>.</summary>
    public const string Name = "metrics-scrape";
}
