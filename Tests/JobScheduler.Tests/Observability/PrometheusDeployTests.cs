using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// <c>deploy/prometheus/</c>: promtool accepts the configuration and the rules and their unit tests pass; a real
/// Prometheus running that configuration scrapes a real silo and API process (the API with a metrics key read from
/// the file the configuration names) and evaluates every alert rule without error.
/// </summary>
[Collection("redis")]
public sealed class PrometheusDeployTests(RedisFixture redis)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScrapeDeadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Promtool_OnTheShippedConfigRulesAndRuleTests_Passes()
    {
        var folder = PrometheusServer.DeployCopy();
        try
        {
            // The configuration names a key file that an operator provides; check config requires it to exist.
            await File.WriteAllTextAsync(Path.Combine(folder, "jobscheduler-metrics.key"), "placeholder");

            var config = await Promtool.RunAsync(folder, "check", "config", "prometheus.yml");
            var rules = await Promtool.RunAsync(folder, "check", "rules", "rules/jobscheduler.rules.yml");
            var tests = await Promtool.RunAsync(Path.Combine(folder, "rules"), "test", "rules", "jobscheduler.rules.test.yml");

            Assert.True(config.ExitCode == 0, config.Output);
            Assert.True(rules.ExitCode == 0, rules.Output);
            Assert.True(tests.ExitCode == 0, tests.Output);
            Assert.Contains("SUCCESS", tests.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Cluster")]
    public async Task Prometheus_WithTheShippedConfig_ScrapesSiloAndApiAndEvaluatesEveryRule()
    {
        // The queue-depth gauge samples every second here, so that the test's queue shows up at once.
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 1,
            environment: new Dictionary<string, string> { ["Scheduler__Metrics__QueueDepthInterval"] = "00:00:01" });
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var key = await ApiKeysHttp.CreateAsync(http, "prometheus", [ApiScopes.Metrics]);
        var queue = $"prometheus-{Guid.NewGuid():N}";
        using var submitted = await http.PostAsJsonAsync("api/v1/jobs", new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue }, SchedulerCluster.Json);
        var job = await SchedulerCluster.ReadAsync<JobRecord>(submitted);
        await Eventually.Async(async () =>
            (await http.GetFromJsonAsync<JobRecord>($"api/v1/jobs/{job.Id}", SchedulerCluster.Json))!.State == JobState.Succeeded,
            RunTimeout, () => $"job {job.Id} to succeed{Environment.NewLine}{cluster.Diagnostics}");
        var silo = $"127.0.0.1:{cluster.Silos[0].HttpPort}";
        var api = $"127.0.0.1:{cluster.Api.HttpPort}";

        await using var prometheus = await PrometheusServer.StartAsync(folder =>
        {
            File.WriteAllText(Path.Combine(folder, "jobscheduler-metrics.key"), key.Key + "\n");
            PrometheusServer.WriteTargets(folder, "silos.yml", [silo]);
            PrometheusServer.WriteTargets(folder, "api.yml", [api]);
        });

        JsonElement series = default;
        await Eventually.Async(async () =>
        {
            series = await prometheus.QueryAsync($"jobscheduler_jobs_finished_total{{queue=\"{queue}\"}}");
            return series.GetArrayLength() > 0;
        }, ScrapeDeadline, () => $"the job's counter in Prometheus{Environment.NewLine}{prometheus.OutputTail}");
        var labels = series[0].GetProperty("metric");
        Assert.Equal("jobscheduler-silo", labels.GetProperty("job").GetString());
        Assert.Equal(silo, labels.GetProperty("instance").GetString());
        Assert.Equal("succeeded", labels.GetProperty("state").GetString());
        Assert.Equal("test", labels.GetProperty("cluster").GetString());
        Assert.Equal("1", series[0].GetProperty("value")[1].GetString());

        // The API target is up only if Prometheus sent the key from the file and the key's scope let it in.
        await Eventually.Async(async () =>
            (await prometheus.QueryAsync($"up{{job=\"jobscheduler-api\",instance=\"{api}\"}} == 1")).GetArrayLength() == 1,
            ScrapeDeadline, () => $"the API target to be up{Environment.NewLine}{prometheus.OutputTail}");
        Assert.NotEqual(0, (await prometheus.QueryAsync("http_server_request_duration_seconds_count{job=\"jobscheduler-api\"}")).GetArrayLength());

        // Every alert rule is loaded and evaluates without error against real series.
        IReadOnlyList<(string Name, string Health, string? Error)> rules = [];
        await Eventually.Async(async () => (rules = await prometheus.RuleHealthAsync()).All(r => r.Health == "ok"),
            ScrapeDeadline, () => $"every rule to evaluate: {string.Join(", ", rules.Select(r => $"{r.Name}={r.Health} {r.Error}"))}");
        Assert.Equal(12, rules.Count);
        // A healthy cluster: nothing fires.
        // Every dashboard query runs; each whose metrics Prometheus holds returns data, except where a matcher selects
        // what a healthy run never records (failing engine calls).
        await Eventually.Async(async () =>
            (await prometheus.QueryAsync($"jobscheduler_queue_depth{{queue=\"{queue}\",state=\"succeeded\"}} == 1")).GetArrayLength() == 1,
            ScrapeDeadline, () => $"the queue depth of the test's queue{Environment.NewLine}{prometheus.OutputTail}");
        // A rate needs two samples in its window: wait for a few scrapes of both targets.
        await Eventually.Async(async () =>
            (await prometheus.QueryAsync("count_over_time(up{job=~\"jobscheduler-.*\"}[1m]) >= 3")).GetArrayLength() == 2,
            ScrapeDeadline, () => $"three scrapes of each target{Environment.NewLine}{prometheus.OutputTail}");
        var names = await prometheus.MetricNamesAsync();
        var empty = new List<string>();
        foreach (var (panel, expr) in DashboardQueries.All())
        {
            var result = await prometheus.QueryAsync(DashboardQueries.Runnable(expr));
            if (result.GetArrayLength() == 0 && DashboardQueries.MetricNames(expr).All(names.Contains) && !expr.Contains("outcome!=\"ok\"", StringComparison.Ordinal) && !expr.StartsWith("ALERTS", StringComparison.Ordinal))
                empty.Add($"{panel}: {expr}");
        }
        Assert.True(empty.Count == 0, "dashboard queries without data: " + string.Join(Environment.NewLine, empty));

        var firing = await prometheus.QueryAsync("ALERTS{alertstate=\"firing\"}");
        Assert.True(firing.GetArrayLength() == 0, $"alerts firing on a healthy cluster: {firing}");
    }
}
