using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// deploy/grafana: every metric a panel, variable or annotation of the dashboard reads is one the service exports
/// (a real /metrics scrape of the embedded API and silo, plus every <c>JobScheduler</c> instrument, whose series only
/// appear once something was recorded), and the dashboard uses the provisioned datasource.
/// </summary>
[Collection(MetricsScrapeCollection.Name)]
public sealed class GrafanaDashboardTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Dashboard_EveryQuery_NamesOnlyMetricsTheServiceExports()
    {
        using var http = api.CreateClient();
        // One request before the scrape, so that the HTTP server's histograms have a point.
        (await http.GetAsync("api/v1/queues")).EnsureSuccessStatusCode();
        var scrape = await http.GetStringAsync("/metrics");
        var served = DashboardQueries.ScrapeNames(scrape);
        var instruments = DashboardQueries.SchedulerMeterNames();
        // The conversion of instrument names is checked on the ones this scrape holds.
        Assert.Contains("jobscheduler_worker_free_slots", served);
        Assert.Contains("jobscheduler_worker_free_slots", instruments);
        Assert.All(served.Where(n => n.StartsWith("jobscheduler_", StringComparison.Ordinal)), n => Assert.Contains(n, instruments));
        // Added by Prometheus itself to every target and for alerts.
        var known = served.Union(instruments).Union(["up", "ALERTS"]).ToHashSet(StringComparer.Ordinal);

        var queries = DashboardQueries.All();
        Assert.True(queries.Count >= 30, $"only {queries.Count} queries found");
        var unknown = queries
            .SelectMany(q => DashboardQueries.MetricNames(q.Expr).Where(n => !known.Contains(n)).Select(n => $"{q.Panel}: {n}"))
            .ToArray();
        Assert.True(unknown.Length == 0, "metrics the service does not export: " + string.Join("; ", unknown));
        Assert.All(queries, q => Assert.NotEmpty(DashboardQueries.MetricNames(q.Expr)));
    }

    [Fact]
    public void Dashboard_Panels_CoverIssueElevensListAndUseTheProvisionedDatasource()
    {
        var json = File.ReadAllText(DashboardQueries.DashboardPath);
        var datasource = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "grafana", "provisioning", "datasources", "prometheus.yml"));
        Assert.Contains("uid: jobscheduler-prometheus", datasource, StringComparison.Ordinal);
        Assert.DoesNotContain("\"uid\": \"", json.Replace("\"uid\": \"jobscheduler-prometheus\"", "", StringComparison.Ordinal)
            .Replace("\"uid\": \"jobscheduler-overview\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var metrics = DashboardQueries.All().SelectMany(q => DashboardQueries.MetricNames(q.Expr)).ToHashSet(StringComparer.Ordinal);
        string[] required =
        [
            "jobscheduler_jobs_finished_total", "jobscheduler_queue_depth", "jobscheduler_worker_state", "jobscheduler_worker_free_slots",
            "jobscheduler_jobs_dead_lettered_total", "jobscheduler_attempt_duration_seconds_bucket", "jobscheduler_jobs_retries_total",
            "jobscheduler_jobs_lease_expiries_total", "jobscheduler_jobs_lateness_seconds_bucket", "jobscheduler_docker_call_duration_seconds_bucket",
            "jobscheduler_queue_oldest_ready_age_seconds",
        ];
        Assert.All(required, m => Assert.Contains(m, metrics));
    }
}
