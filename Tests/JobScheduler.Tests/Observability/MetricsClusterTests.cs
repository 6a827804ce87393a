using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Observability;

/// <summary><c>/metrics</c> in cluster mode: the silo process that ran a job exports its counters; the API process exports its own behind a key.</summary>
[Collection("redis")]
[Trait("Category", "Cluster")]
public sealed class MetricsClusterTests(RedisFixture redis)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SiloMetrics_AfterAJob_CountItOnTheSiloThatRanIt()
    {
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1);
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var queue = $"metrics-{Guid.NewGuid():N}";
        using var submitted = await http.PostAsJsonAsync("api/v1/jobs", new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue }, SchedulerCluster.Json);
        var job = await SchedulerCluster.ReadAsync<JobRecord>(submitted);
        await Eventually.Async(async () =>
            (await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{job.Id}", SchedulerCluster.Json))!.State == JobState.Succeeded,
            RunTimeout, () => $"job {job.Id} to succeed{Environment.NewLine}{cluster.Diagnostics}");
        using var silo = new HttpClient { BaseAddress = cluster.Silos[0].BaseAddress };
        var q = ("queue", queue);

        var scrape = "";
        await Eventually.Async(async () =>
        {
            scrape = await silo.GetStringAsync("/metrics");
            return PrometheusText.Sum(scrape, "jobscheduler_attempt_duration_seconds_count", q) == 1;
        }, TimeSpan.FromSeconds(15), () => $"the silo's scrape to show the attempt:\n{scrape}");

        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_submitted_total", q));
        Assert.Equal(1, PrometheusText.Sum(scrape, "jobscheduler_jobs_finished_total", q, ("state", "succeeded")));
        Assert.Contains("\njobscheduler_worker_free_slots", scrape, StringComparison.Ordinal);
        Assert.Contains("\norleans_", scrape, StringComparison.Ordinal);
        // The API process exports its own meters (HTTP, the Orleans client) behind the metrics scope.
        var apiScrape = await http.GetStringAsync("/metrics");
        Assert.Contains("\nhttp_server_request_duration_seconds_bucket", apiScrape, StringComparison.Ordinal);
        using var anonymous = new HttpClient { BaseAddress = cluster.Api.BaseAddress };
        using var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
