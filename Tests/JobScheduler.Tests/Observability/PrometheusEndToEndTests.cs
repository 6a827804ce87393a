using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// Issue 11's end-to-end test: a real Prometheus running the shipped configuration scrapes a cluster of two silo
/// processes and an API process while jobs succeed, fail, fail then succeed, are dead-lettered, time out and miss their
/// image; a cron schedule misfires and a workflow ends; then a silo running a job is killed (a lease expiry and a
/// deadline-sweeper poke) and started again. Each counter of the jobs' queue, as Prometheus's query API reports it
/// summed over the processes, must equal what the final job records say happened. Every query of every dashboard
/// panel must return data over the test's window, and every alert rule's expression must evaluate, with the series it
/// reads present. With <c>JOBSCHEDULER_WRITE_DASHBOARD_PNG=1</c> the test also renders the dashboard from that window
/// into <c>docs/images/grafana-dashboard.png</c> (<see cref="DashboardPicture"/>).
/// </summary>
[Collection("redis")]
[Trait("Category", "PrometheusEndToEnd")]
public sealed class PrometheusEndToEndTests(RedisFixture redis, ITestOutputHelper output)
{
    /// <summary>Set to 1 to write the rendered dashboard to <c>docs/images/grafana-dashboard.png</c>.</summary>
    public const string WritePictureVariable = "JOBSCHEDULER_WRITE_DASHBOARD_PNG";

    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ScrapeDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FreezeTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PassLead = TimeSpan.FromSeconds(30);

    // An alert whose condition is false on this cluster (as it should be) returns no data; for those, the series its
    // expression reads must exist instead. Alerts left out of this map must return data themselves: here they fire
    // (dead letters grew, a lease expired). Every loaded rule must be in the map or return data.
    private static readonly IReadOnlyDictionary<string, string[]> InnerSeries = new Dictionary<string, string[]>
    {
        ["JobSchedulerQueueOldestReadyJobWaiting"] = ["max by (queue) (jobscheduler_queue_oldest_ready_age_seconds)"],
        ["JobSchedulerQueueWaitHigh"] = ["histogram_quantile(0.99, sum by (le, queue) (rate(jobscheduler_queue_wait_seconds_bucket[10m])))"],
        ["JobSchedulerQueueBackingUp"] =
        [
            "max by (queue) (jobscheduler_queue_depth{state=\"queued\"})",
            "max by (queue) (deriv(jobscheduler_queue_depth{state=\"queued\"}[15m]))",
        ],
        ["JobSchedulerLatenessHigh"] = ["histogram_quantile(0.99, sum by (le) (rate(jobscheduler_jobs_lateness_seconds_bucket[5m])))"],
        ["JobSchedulerWorkerDockerUnreachable"] = ["jobscheduler_worker_docker_reachable"],
        ["JobSchedulerWorkerSilent"] = ["up{job=\"jobscheduler-silo\"} == 1", "jobscheduler_worker_free_slots"],
        ["JobSchedulerWorkerDraining"] = ["jobscheduler_worker_state{state=\"draining\"}"],
        // While the killed silo was down its target was 0 and the expression had data; the test checks that too.
        ["JobSchedulerSiloDown"] = ["up{job=\"jobscheduler-silo\"}"],
        ["JobSchedulerNoSilo"] = ["up{job=\"jobscheduler-silo\"} == 1"],
        ["JobSchedulerMetricsScrapeFailing"] = ["up{job=\"jobscheduler-api\"}"],
    };

    [Fact]
    public async Task Prometheus_ScrapingTwoSilosAndAnApiWhileJobsRun_CountsWhatHappenedAndFeedsEveryPanelAndAlert()
    {
        var started = DateTimeOffset.UtcNow;
        var environment = new Dictionary<string, string>(FaultSettings.Environment())
        {
            ["Scheduler__Metrics__QueueDepthInterval"] = "00:00:01",
            ["Scheduler__Schedules__MisfireGrace"] = "00:00:01",
            // The missing image's registry: a loopback address the image policy refuses unless listed.
            ["Scheduler__Images__AllowedPrivateRegistries__0"] = "127.0.0.1",
        };
        await using var cluster = new SchedulerCluster(redis.ConnectionString, silos: 2, workerSlots: 4, environment);
        await cluster.StartAsync();
        using var http = cluster.CreateApiClient();
        var jobs = new JobsHttpClient(http);
        var key = await ApiKeysHttp.CreateAsync(http, "prometheus", [ApiScopes.Metrics]);
        var silos = cluster.Silos.Select(s => $"127.0.0.1:{s.HttpPort}").ToArray();
        await using var prometheus = await PrometheusServer.StartAsync(folder =>
        {
            File.WriteAllText(Path.Combine(folder, "jobscheduler-metrics.key"), key.Key + "\n");
            PrometheusServer.WriteTargets(folder, "silos.yml", silos);
            PrometheusServer.WriteTargets(folder, "api.yml", [$"127.0.0.1:{cluster.Api.HttpPort}"]);
        });
        await Eventually.Async(async () => (await prometheus.QueryAsync("up == 1")).GetArrayLength() == 3,
            ScrapeDeadline, () => $"the two silos and the API to be up in Prometheus{Environment.NewLine}{prometheus.OutputTail}");

        // 1. Jobs of every outcome in one queue, and their counters against their final records.
        var queue = $"e2e-{Guid.NewGuid():N}"[..16];
        var records = await RunEveryOutcomeAsync(jobs, queue);
        var expected = ExpectedCounters.Of(records);
        output.WriteLine($"expected: {JsonSerializer.Serialize(expected)}");
        Assert.Equal(3, expected.FinishedByState["succeeded"]);
        Assert.Equal(3, expected.FinishedByState["failed"]);
        Assert.Equal(1, expected.FinishedByState["dead_lettered"]);
        Assert.Equal(1, expected.AttemptsByOutcome["timeout"]);
        var retried = records.Single(r => r.Spec.Retry?.MaxAttempts == 3);
        Assert.True(retried.State == JobState.Succeeded && retried.Attempts.Count == 2,
            $"the job that fails for {PassLead.TotalSeconds:0} s and then succeeds: {retried.State} after {retried.Attempts.Count} attempt(s); its first container " +
            $"started {(retried.Attempts[0].StartedAt - retried.CreatedAt)?.TotalSeconds:0.0} s after submission (a first start later than that lead proves nothing)");
        await AssertCountersAsync(prometheus, queue, expected);

        // 2. A schedule fires every second; both silos freeze for longer than the misfire grace, so it misfires.
        var schedule = await CreateScheduleAsync(http);
        // A few firings first: a counter series is born at its first value, so only later ones show as a rate.
        await Eventually.Async(async () => (await prometheus.QueryAsync("sum(jobscheduler_schedules_firings_total) >= 3")).GetArrayLength() == 1,
            ScrapeDeadline, "the schedule to fire three times");
        await Task.WhenAll(cluster.Silos.Select(s => s.FreezeAsync()));
        await Task.Delay(FreezeTime);
        await Task.WhenAll(cluster.Silos.Select(s => s.ThawAsync()));
        await Eventually.Async(async () => (await prometheus.QueryAsync("sum(jobscheduler_schedules_misfires_total) > 0")).GetArrayLength() == 1,
            ScrapeDeadline, () => $"a misfire after the freeze{Environment.NewLine}{cluster.Diagnostics}");
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"api/v1/schedules/{schedule}")).StatusCode);

        // 3. Workflows of one step end (two, one after the other, so that the second shows as a rate).
        await RunWorkflowAsync(http);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await RunWorkflowAsync(http);

        // 4. A silo that hosts a running job's grain and its container is killed: the lease expires, the sweeper wakes
        //    the job on the other silo. The silo comes back.
        await KillASiloRunningItsOwnJobAsync(cluster, http, jobs, prometheus);

        // 5. Every dashboard query and every alert expression over the whole window.
        await Eventually.Async(async () => (await prometheus.QueryAsync("up == 1")).GetArrayLength() == 3,
            ScrapeDeadline, () => $"every target up again{Environment.NewLine}{prometheus.OutputTail}");
        // A few more scrapes, so that rates over the restarted silo have points.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var end = DateTimeOffset.UtcNow;
        await AssertEveryPanelHasDataAsync(prometheus, started, end);
        await AssertEveryAlertEvaluatesAsync(prometheus, started, end);

        if (Environment.GetEnvironmentVariable(WritePictureVariable) == "1")
        {
            var path = Path.Combine(RepositoryLayout.Root, "docs", "images", "grafana-dashboard.png");
            await DashboardPicture.RenderAsync(prometheus, started, end, path);
            output.WriteLine($"wrote {path}");
        }
    }

    private static async Task<IReadOnlyList<JobRecord>> RunEveryOutcomeAsync(JobsHttpClient jobs, string queue)
    {
        static RetryPolicy Attempts(int max, int backoffSeconds = 1) =>
            new() { MaxAttempts = max, InitialBackoff = TimeSpan.FromSeconds(backoffSeconds), Jitter = JitterMode.None };
        // Fails until a time ahead, then succeeds: the retry waits at least as long as that lead after the first
        // attempt ended, so it always passes; the first attempt fails if its container runs within the lead (a slow
        // engine under load once took over 10 s to run it; the test says so if that happens).
        var passAt = DateTimeOffset.UtcNow.Add(PassLead).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        JobSpec[] specs =
        [
            new() { Image = "busybox:latest", Command = ["true"], Queue = queue, Retry = Attempts(1) },
            new() { Image = "busybox:latest", Command = ["true"], Queue = queue, Retry = Attempts(1) },
            new() { Image = "busybox:latest", Command = ["sh", "-c", "exit 3"], Queue = queue, Retry = Attempts(1) },
            new() { Image = "busybox:latest", Command = ["sh", "-c", $"test $(date +%s) -ge {passAt}"], Queue = queue, Retry = Attempts(3, (int)PassLead.TotalSeconds) },
            new() { Image = "busybox:latest", Command = ["sh", "-c", "exit 1"], Queue = queue, Retry = Attempts(2) },
            new() { Image = "busybox:latest", Command = ["sleep", "60"], Queue = queue, Timeout = TimeSpan.FromSeconds(2), Retry = Attempts(1) },
            // No registry listens there: the pull fails at once (a failing engine call and a failed pull).
            new() { Image = "127.0.0.1:9/jobscheduler-e2e-missing:latest", Command = ["true"], Queue = queue, Retry = Attempts(1) },
        ];
        var submitted = await Task.WhenAll(specs.Select(jobs.SubmitAsync));
        return await Task.WhenAll(submitted.Select(j => jobs.WaitForTerminalAsync(j.Id, JobTimeout)));
    }

    private static async Task AssertCountersAsync(PrometheusServer prometheus, string queue, ExpectedCounters expected)
    {
        var q = $"queue=\"{queue}\"";
        var checks = new List<(string Query, string? Label, IReadOnlyDictionary<string, long> Values)>
        {
            ($"sum(jobscheduler_jobs_submitted_total{{{q}}})", null, One(expected.Submitted)),
            ($"sum(jobscheduler_jobs_started_total{{{q}}})", null, One(expected.Started)),
            ($"sum by (state) (jobscheduler_jobs_finished_total{{{q}}})", "state", expected.FinishedByState),
            ($"sum by (reason) (jobscheduler_jobs_retries_total{{{q}}})", "reason", expected.RetriesByReason),
            ($"sum(jobscheduler_jobs_dead_lettered_total{{{q}}})", null, One(expected.DeadLettered)),
            ($"sum by (outcome) (jobscheduler_attempt_duration_seconds_count{{{q}}})", "outcome", expected.AttemptsByOutcome),
            ($"sum(jobscheduler_queue_wait_seconds_count{{{q}}})", null, One(expected.FirstContainerStarts)),
            ($"sum(jobscheduler_jobs_lateness_seconds_count{{{q}}})", null, One(expected.Started)),
            // The gauges are cluster-wide counts that each silo reports: max, not sum.
            ($"max by (state) (jobscheduler_queue_depth{{{q}}}) > 0", "state", expected.FinishedByState),
            ($"max(jobscheduler_queue_oldest_ready_age_seconds{{{q}}})", null, One(0)),
        };
        var mismatches = new List<string>();
        await Eventually.Async(async () =>
        {
            mismatches.Clear();
            foreach (var (query, label, values) in checks)
            {
                var actual = Values(await prometheus.QueryAsync(query), label);
                if (!actual.OrderBy(p => p.Key).SequenceEqual(values.OrderBy(p => p.Key)))
                    mismatches.Add($"{query}: Prometheus {Show(actual)}, expected {Show(values)}");
            }
            return mismatches.Count == 0;
        }, ScrapeDeadline, () => $"every counter to match what happened:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");

        // Engine calls of the failed pull: the engine answered with an error; the pull counter names the failure.
        Assert.NotEqual(0, (await prometheus.QueryAsync("sum(jobscheduler_docker_call_duration_seconds_count{call=\"pull\",outcome=\"error\"}) > 0")).GetArrayLength());
        Assert.NotEqual(0, (await prometheus.QueryAsync("sum(jobscheduler_docker_image_pulls_total{outcome!=\"ok\"}) > 0")).GetArrayLength());
    }

    private static async Task<string> CreateScheduleAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync("api/v1/schedules", new ScheduleSpec
        {
            Cron = "* * * * * *",
            Misfire = MisfirePolicy.Skip,
            Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = $"e2e-cron-{Guid.NewGuid():N}"[..20] },
        }, SchedulerCluster.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await SchedulerCluster.ReadAsync<ScheduleRecord>(created)).Id;
    }

    private static async Task RunWorkflowAsync(HttpClient http)
    {
        using var started = await http.PostAsJsonAsync("api/v1/workflows", new WorkflowSpec
        {
            Steps = [new WorkflowStepSpec { Name = "only", Job = new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = "e2e-workflow" } }],
        }, SchedulerCluster.Json);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(started);
        await Eventually.Async(async () =>
            (await http.GetFromJsonAsync<WorkflowRecord>($"api/v1/workflows/{workflow.Id}", SchedulerCluster.Json))!.State != WorkflowState.Running,
            JobTimeout, "the workflow to end");
    }

    private async Task KillASiloRunningItsOwnJobAsync(SchedulerCluster cluster, HttpClient http, JobsHttpClient jobs, PrometheusServer prometheus)
    {
        var queue = $"e2e-lease-{Guid.NewGuid():N}"[..20];
        // The job's grain (which logs its acceptance) and its container must be on the silo that dies, so that the
        // lease expires and nothing but the sweeper wakes the job: try a few jobs until one is.
        for (var round = 1; ; round++)
        {
            var submitted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => jobs.SubmitAsync(new JobSpec
            {
                Image = "busybox:latest", Command = ["sleep", "300"], Queue = queue, Retry = new RetryPolicy { MaxAttempts = 1 },
            })));
            var running = await Task.WhenAll(submitted.Select(j => jobs.WaitUntilAsync(j.Id, r => r.State == JobState.Running && r.CurrentAttempt?.StartedAt is not null,
                JobTimeout, "the long job to run")));
            var pick = running.Select(r => (Job: r, Silo: cluster.SiloOf(r.CurrentAttempt!.Worker)))
                .FirstOrDefault(p => p.Silo is not null && p.Silo.OutputTail.Contains($"Job {p.Job.Id} accepted", StringComparison.Ordinal));
            if (pick.Silo is null)
            {
                Assert.True(round < 5, "no job had its grain and its container on the same silo in 5 rounds");
                await CancelAllAsync(http, running);
                continue;
            }
            output.WriteLine($"killing {pick.Silo.OutputTail.Split(Environment.NewLine)[0]}, which runs job {pick.Job.Id} and hosts its grain");
            pick.Silo.Kill();
            await Eventually.Async(async () => (await prometheus.QueryAsync("up{job=\"jobscheduler-silo\"} == 0")).GetArrayLength() == 1,
                ScrapeDeadline, "Prometheus to see the silo down (the SiloDown alert's expression has data)");
            var lost = await jobs.WaitUntilAsync(pick.Job.Id, r => r.State.IsTerminal(), JobTimeout, "the killed silo's job to end");
            Assert.Equal(FailureReasons.LeaseLost, lost.CurrentAttempt!.FailureReason);
            await Eventually.Async(async () =>
                    (await prometheus.QueryAsync($"sum(jobscheduler_jobs_lease_expiries_total{{queue=\"{queue}\"}}) > 0")).GetArrayLength() == 1
                    && (await prometheus.QueryAsync("sum(jobscheduler_deadline_sweeper_pokes_total) > 0")).GetArrayLength() == 1,
                ScrapeDeadline, () => $"the lease expiry and the sweeper's poke in Prometheus{Environment.NewLine}{cluster.Diagnostics}");
            await CancelAllAsync(http, running.Where(r => r.Id != pick.Job.Id));
            await cluster.StartSiloAsync(pick.Silo);
            return;
        }
    }

    // Jobs that may have ended meanwhile (their silo died): a cancel of an ended job is refused, which is fine here.
    private static async Task CancelAllAsync(HttpClient http, IEnumerable<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            using var cancelled = await http.PostAsync($"api/v1/jobs/{job.Id}/cancel", null);
            Assert.True(cancelled.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"cancel {job.Id}: {(int)cancelled.StatusCode}");
        }
    }

    private async Task AssertEveryPanelHasDataAsync(PrometheusServer prometheus, DateTimeOffset start, DateTimeOffset end)
    {
        var served = await prometheus.MetricNamesAsync();
        var exported = DashboardQueries.SchedulerMeterNames().Union(served).Union(["up", "ALERTS"]).ToHashSet(StringComparer.Ordinal);
        var empty = new List<string>();
        var queries = DashboardQueries.All();
        foreach (var (panel, expr) in queries)
        {
            Assert.All(DashboardQueries.MetricNames(expr), name => Assert.True(exported.Contains(name), $"{panel} reads {name}, which the service does not export"));
            var result = await prometheus.QueryRangeAsync(DashboardQueries.Runnable(expr), start, end, TimeSpan.FromSeconds(2));
            output.WriteLine($"{result.GetArrayLength(),3} series  {panel}: {expr}");
            if (result.GetArrayLength() == 0)
                empty.Add($"{panel}: {expr}");
        }
        Assert.True(empty.Count == 0, "dashboard queries without data:" + Environment.NewLine + string.Join(Environment.NewLine, empty));
    }

    private async Task AssertEveryAlertEvaluatesAsync(PrometheusServer prometheus, DateTimeOffset start, DateTimeOffset end)
    {
        var rules = await prometheus.AlertRulesAsync();
        Assert.Equal(12, rules.Count);
        var missing = new List<string>();
        foreach (var (name, expr) in rules)
        {
            // Throws when Prometheus cannot evaluate the expression.
            var result = await prometheus.QueryRangeAsync(expr, start, end, TimeSpan.FromSeconds(2));
            output.WriteLine($"{result.GetArrayLength(),3} series  alert {name}");
            if (result.GetArrayLength() > 0)
                continue;
            if (!InnerSeries.TryGetValue(name, out var inner))
            {
                missing.Add($"{name}: its expression returned nothing and the test names no series it reads");
                continue;
            }
            foreach (var series in inner)
            {
                if ((await prometheus.QueryRangeAsync(series, start, end, TimeSpan.FromSeconds(2))).GetArrayLength() == 0)
                    missing.Add($"{name}: {series} has no data");
            }
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        IReadOnlyList<(string Name, string Health, string? Error)> health = [];
        await Eventually.Async(async () => (health = await prometheus.RuleHealthAsync()).All(r => r.Health == "ok"),
            ScrapeDeadline, () => $"every rule to evaluate: {string.Join(", ", health.Select(r => $"{r.Name}={r.Health} {r.Error}"))}");
    }

    private static Dictionary<string, long> One(long value) => new(StringComparer.Ordinal) { [""] = value };

    private static Dictionary<string, long> Values(JsonElement result, string? label)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var series in result.EnumerateArray())
        {
            var name = label is null ? "" : series.GetProperty("metric").TryGetProperty(label, out var l) ? l.GetString()! : "";
            var value = double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            values[name] = (long)Math.Round(value);
        }
        return values;
    }

    private static string Show(IReadOnlyDictionary<string, long> values) =>
        "{" + string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
}
