using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// <c>/metrics</c> on the API (embedded mode), scraped the way a Prometheus does: with a key that holds the metrics
/// scope. The test's jobs run in a queue of its own, so its counters are exactly what it caused.
/// </summary>
[Collection(MetricsScrapeCollection.Name)]
[Trait("Category", "Docker")]
public sealed class MetricsEndpointTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScrapeDeadline = TimeSpan.FromSeconds(15);
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    [Fact]
    public async Task Metrics_AfterASucceedingAndADeadLetteredJob_CountsThemInTheirQueue()
    {
        var queue = $"metrics-{Guid.NewGuid():N}";
        var ok = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], Queue = queue });
        var bad = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "exit 1"],
            Queue = queue,
            Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(200) },
        });
        Assert.Equal(JobState.Succeeded, (await _jobs.WaitForTerminalAsync(ok.Id, RunTimeout)).State);
        Assert.Equal(JobState.DeadLettered, (await _jobs.WaitForTerminalAsync(bad.Id, RunTimeout)).State);
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "metrics-scraper", [ApiScopes.Metrics]);
        using var scraper = api.CreateAnonymousClient().Authorize(key.Key);
        var q = ("queue", queue);

        // The exporter caches a scrape briefly, and the worker records an attempt's duration just after reporting it.
        var scrape = "";
        await Eventually.Async(async () =>
        {
            scrape = await scraper.GetStringAsync("/metrics");
            return PrometheusText.Sum(scrape, "jobscheduler_attempt_duration_seconds_count", q) == 3
                && PrometheusText.Sum(scrape, "jobscheduler_jobs_finished_total", q) == 2;
        }, ScrapeDeadline, () => $"the scrape to show the queue's three attempts and two finished jobs:\n{scrape}");

        Assert.Equal(2, PrometheusText.Sum(scrape, "jobscheduler_jobs_submitted_total", q));
        Assert.Equal(3, PrometheusText.Sum(scrape, "jobscheduler_jobs_started_total", q));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_finished_total", q, ("state", "succeeded")));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_finished_total", q, ("state", "dead_lettered")));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_retries_total", q, ("reason", FailureReasons.NonZeroExit)));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_dead_lettered_total", q));
        // No lease expired; the series is exported at zero (from the queue-depth sample) so that increase() sees a first one.
        Assert.Equal(0, PrometheusText.Sum(scrape, "jobscheduler_jobs_lease_expiries_total", q) ?? 0);
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_attempt_duration_seconds_count", q, ("outcome", "succeeded")));
        Assert.Equal(2, PrometheusText.Sum(scrape, "jobscheduler_attempt_duration_seconds_count", q, ("outcome", FailureReasons.NonZeroExit)));
        // The advice's buckets, from 0.1 s to a day, plus +Inf.
        Assert.Equal(19, PrometheusText.Count(scrape, "jobscheduler_attempt_duration_seconds_bucket", q, ("outcome", "succeeded")));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_attempt_duration_seconds_bucket", q, ("outcome", "succeeded"), ("le", "+Inf")));
        Assert.Equal(2, PrometheusText.Sum(scrape, "jobscheduler_queue_wait_seconds_count", q));
        // Orleans', ASP.NET Core's and the runtime's meters are exported beside the scheduler's.
        Assert.Contains("\njobscheduler_worker_free_slots", scrape, StringComparison.Ordinal);
        Assert.Contains("\nhttp_server_request_duration_seconds_bucket", scrape, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_", scrape, StringComparison.Ordinal);
        Assert.Contains("\norleans_", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutAKey_Answers401()
    {
        using var anonymous = api.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithAReadKey_Answers403()
    {
        using var admin = api.CreateClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "metrics-reader", [ApiScopes.Read]);
        using var reader = api.CreateAnonymousClient().Authorize(key.Key);

        using var response = await reader.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
