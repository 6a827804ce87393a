using System.Globalization;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B8: cron fidelity. 1,000 schedules on a 1-second cron (<c>* * * * * *</c>, 6 fields, seconds first) for 60 s on the
/// simulated runtime, 1 silo. Each occurrence's job has the id <c>{scheduleId}:{occurrence in unix ms}</c> (one job per
/// occurrence by construction), so the jobs of the queue say which occurrences of the window fired and how many times;
/// lateness is the job's <c>createdAt</c> (the schedule's submission of it) minus its occurrence, and its
/// <c>updatedAt</c> once terminal (the simulated runtime completes at once) minus its occurrence. Then the Hangfire
/// peer: as many recurring jobs with the same cron, at Hangfire's defaults, on the same Redis, for the same window.
/// </summary>
public sealed class CronFidelity(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int Schedules = 1_000;
    private const string EverySecond = "* * * * * *";

    /// <summary>Creates in flight at once: every create is a turn of the one schedule catalog grain.</summary>
    private const int CreateConcurrency = 4;

    /// <summary>Time between the last schedule's creation and the window's first occurrence: every schedule is armed by then.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(3);

    /// <summary>How long after the window's last occurrence its jobs may still appear.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public override string Id => "B8";
    public override string Description =>
        $"{Options.Size(Schedules)} schedules on `{EverySecond}` for {Options.Span(TimeSpan.FromSeconds(60)).TotalSeconds:0} s, simulated runtime, 1 silo, " +
        $"{SimulatedSlots} slots; Hangfire recurring jobs (same cron, its defaults) on the same Redis";
    public override string Target => "100% of occurrences fired exactly once; firing lateness p99 <= 50 ms";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var schedules = Options.Size(Schedules);
        var window = Options.Span(TimeSpan.FromSeconds(60));
        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            // A fresh cluster per run: the previous run's schedules would keep firing beside this one's.
            var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
            using var api = new ApiDriver(cluster.Api.BaseAddress);
            await WarmUpAsync(api, q => SimulatedJob(q), 200, cancellationToken);

            var queue = NewQueue(run);
            var ids = new string[schedules];
            await Parallel.ForEachAsync(Enumerable.Range(0, schedules),
                new ParallelOptions { MaxDegreeOfParallelism = CreateConcurrency, CancellationToken = cancellationToken },
                async (i, ct) => ids[i] = await CreateScheduleAsync(api.Http, queue, ct));
            var from = NextWholeSecond(DateTimeOffset.UtcNow + Lead);
            var to = from + window;
            Say($"run {run}: {schedules} schedules created; window {from:HH:mm:ss} - {to:HH:mm:ss}");

            var before = await Host.Probe.CommandCallsAsync();
            var cpuBefore = await CpuSnapshotAsync(cluster);
            var measuredFrom = DateTimeOffset.UtcNow;
            await Task.Delay(to + Grace - DateTimeOffset.UtcNow, cancellationToken);
            var after = await Host.Probe.CommandCallsAsync();
            var cpuAfter = await CpuSnapshotAsync(cluster);
            var measuredTo = DateTimeOffset.UtcNow;
            // Paused first: 1,000 jobs a second more would keep the listing from ever reaching the end of the queue.
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = CreateConcurrency, CancellationToken = cancellationToken },
                async (id, ct) =>
                {
                    using var paused = await api.Http.PostAsync($"api/v1/schedules/{Uri.EscapeDataString(id)}/pause", null, ct);
                    paused.EnsureSuccessStatusCode();
                });
            var jobs = await api.ListAsync(queue, cancellationToken);
            await Host.StopClusterAsync(cluster);

            var expected = (long)schedules * (long)window.TotalSeconds;
            var figures = Count(jobs, new HashSet<string>(ids, StringComparer.Ordinal), from, to, expected);
            // The cost per job fired while the counters ran (the window, its lead and its grace).
            var firedMeanwhile = Math.Max(1, jobs.Count(j => j.CreatedAt >= measuredFrom && j.CreatedAt < measuredTo));
            AddRedisCost(figures, before, after, firedMeanwhile);
            AddCpuCost(figures, cpuBefore, cpuAfter, firedMeanwhile);
            runs.Add(figures);
            Say($"run {run}: fired {figures.Values["firedOnceFraction"].Value:P2} of {expected} once, " +
                $"firing lateness p50 {figures.Values["firingLatenessP50"].Value:0.0} / p99 {figures.Values["firingLatenessP99"].Value:0.0} ms");
        }

        foreach (var (figures, run) in runs.Select((f, i) => (f, i + 1)))
        {
            var peer = await HangfireRecurringPeer.MeasureAsync(Host.Redis.ConnectionString, schedules, EverySecond, Lead, window, Grace, cancellationToken);
            figures.Add("hangfireFiredFraction", "x", peer.FiredFraction)
                .Add("hangfireExecutions", "jobs", peer.Executions)
                .Add("hangfireLatenessP50", "ms", peer.LatenessP50)
                .Add("hangfireLatenessP99", "ms", peer.LatenessP99);
            Say($"run {run}: Hangfire fired {peer.FiredFraction:P2} ({peer.Executions} executions in all; {peer.State}), lateness p50 {peer.LatenessP50:0} / p99 {peer.LatenessP99:0} ms");
        }
        return Result(runs, f => f["firedOnceFraction"].Median >= 1 && f["firingLatenessP99"].Median <= 50,
            notes: "fired once = distinct occurrences of the window with a job / schedules x seconds (ids are {scheduleId}:{unix ms}); " +
                   "lateness = job createdAt (firing) or updatedAt when terminal (simulated runtime: completion) - occurrence; overlap Allow; " +
                   "Hangfire: executions in the window / expected, lateness = execution start - the oldest occurrence it had not yet served; " +
                   "Redis commands and CPU are per job fired while they were counted");
    }

    private static RunFigures Count(IReadOnlyList<JobSummary> jobs, HashSet<string> scheduleIds, DateTimeOffset from, DateTimeOffset to, long expected)
    {
        var perOccurrence = new Dictionary<string, int>(StringComparer.Ordinal);
        var firing = new List<double>();
        var completion = new List<double>();
        long stray = 0;
        foreach (var job in jobs)
        {
            var colon = job.Id.LastIndexOf(':');
            if (colon <= 0 || !scheduleIds.Contains(job.Id[..colon]) || !long.TryParse(job.Id[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                stray++;
                continue;
            }
            var occurrence = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            if (occurrence < from || occurrence >= to)
                continue;
            perOccurrence[job.Id] = perOccurrence.GetValueOrDefault(job.Id) + 1;
            firing.Add(Ms(job.CreatedAt - occurrence));
            if (job.State.IsTerminal())
                completion.Add(Ms(job.UpdatedAt - occurrence));
        }
        var once = perOccurrence.Values.Count(n => n == 1);
        return new RunFigures()
            .Add("expectedOccurrences", "occurrences", expected)
            .Add("firedOnceFraction", "x", (double)once / expected)
            .Add("missed", "occurrences", expected - perOccurrence.Count)
            .Add("duplicates", "jobs", perOccurrence.Values.Sum(n => n - 1))
            .Add("firingLatenessP50", "ms", Percentiles.Of(firing, 50))
            .Add("firingLatenessP99", "ms", Percentiles.Of(firing, 99))
            .Add("firingLatenessMax", "ms", firing.DefaultIfEmpty(double.NaN).Max())
            .Add("completionLatenessP50", "ms", Percentiles.Of(completion, 50))
            .Add("completionLatenessP99", "ms", Percentiles.Of(completion, 99))
            .Add("notOwnJobs", "jobs", stray);
    }

    /// <summary>
    /// Creates one schedule. A 503 (the catalog grain, one turn per create, did not answer in time on a loaded machine)
    /// is tried again after the answer's Retry-After (5 s), up to 30 times; a create that was stored before its 503 leaves a schedule the run
    /// does not know, whose jobs count as <c>notOwnJobs</c>, not as this run's.
    /// </summary>
    private static async Task<string> CreateScheduleAsync(HttpClient http, string queue, CancellationToken cancellationToken)
    {
        var spec = new ScheduleSpec { Cron = EverySecond, Job = SimulatedJob(queue), Overlap = OverlapPolicy.Allow, Description = "B8" };
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync("api/v1/schedules", spec, SchedulerCluster.Json, cancellationToken);
            if ((int)response.StatusCode == 201)
                return (await response.Content.ReadFromJsonAsync<ScheduleRecord>(SchedulerCluster.Json, cancellationToken))!.Id;
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 30)
                throw new HttpRequestException($"schedule create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    private static DateTimeOffset NextWholeSecond(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() + 1);
}
