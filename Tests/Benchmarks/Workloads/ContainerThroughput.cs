using System.Diagnostics;
using System.Globalization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B1: 200 container jobs submitted at once through the REST API to one silo with c worker slots, and in the same run
/// the Docker limit at concurrency c for the same container spec (the scheduler's default: <see cref="DockerLimit.SchedulerSpec"/>).
/// Runs alternate (limit, scheduler) so both see the same engine state. c is 4 unless <c>--b1-slots</c> names a sweep:
/// then each c gets its own cluster and runs, its figures carry a <c>_c&lt;c&gt;</c> suffix, and the unsuffixed figures
/// are those of the best concurrency (the highest median scheduler jobs/s).
/// </summary>
public sealed class ContainerThroughput(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    public override string Id => "B1";
    public override string Description =>
        $"{Options.Size(200)} busybox `sh -c 'exit 0'` jobs at once via REST, 1 silo, {SlotsText} slots; Docker limit at the same concurrency " +
        $"for the same container spec (the scheduler's default: {DockerLimit.SchedulerSpec})";
    public override string Target => "every run (min) jobs/s >= 0.95 x Docker limit for the same container spec, at the best concurrency";

    private string SlotsText => Options.B1Slots.Count == 1
        ? Options.B1Slots[0].ToString(CultureInfo.InvariantCulture)
        : string.Join("/", Options.B1Slots) + " (a sweep)";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var engineCpus = await DockerLimit.EngineCpusAsync(cancellationToken);
        Say($"the engine has {engineCpus} CPUs");
        var byConcurrency = new Dictionary<int, List<RunFigures>>();
        foreach (var slots in Options.B1Slots)
            byConcurrency[slots] = await RunAtAsync(slots, cancellationToken);

        // The best concurrency for this engine: the highest median scheduler jobs/s (a failed run counts as none).
        var best = byConcurrency.MaxBy(c => MedianOf(c.Value, "jobsPerSecond")).Key;
        var runs = new List<RunFigures>();
        for (var run = 0; run < Options.Runs; run++)
        {
            var figures = new RunFigures();
            foreach (var (name, (unit, value)) in byConcurrency[best][run].Values)
                figures.Add(name, unit, value);
            figures.Add("bestConcurrency", "slots", best).Add("engineCpus", "cpus", engineCpus);
            foreach (var (slots, perRun) in byConcurrency)
            {
                var at = perRun[run].Values;
                figures.Add($"jobsPerSecond_c{slots}", "jobs/s", at["jobsPerSecond"].Value)
                    .Add($"dockerLimit_c{slots}", "containers/s", at["dockerLimit"].Value)
                    .Add($"ratio_c{slots}", "x", at["ratioToDockerLimit"].Value);
            }
            runs.Add(figures);
        }
        var sweep = string.Join("; ", byConcurrency.Select(c =>
            $"c={c.Key}: {Text(MedianOf(c.Value, "jobsPerSecond"))} jobs/s, limit {Text(MedianOf(c.Value, "dockerLimit"))}/s"));
        return Result(runs, f => f["ratioToDockerLimit"].Min >= 0.95 && f["ratioToDockerLimit"].Runs == Options.Runs,
            notes: $"best concurrency for this engine ({engineCpus} CPUs, docker info NCPU): {best} slots (highest median scheduler jobs/s; " +
                   $"the unsuffixed figures are its); {sweep}. The Docker limit runs the scheduler's default container spec ({DockerLimit.SchedulerSpec}), " +
                   "created, started, waited for and removed directly; target judged on the minimum of the runs");
    }

    // One cluster with `slots` worker slots; each run: the Docker limit at concurrency `slots`, then the scheduler.
    private async Task<List<RunFigures>> RunAtAsync(int slots, CancellationToken cancellationToken)
    {
        var jobs = Options.Size(200);
        var cluster = await Host.StartClusterAsync(silos: 1, slots, new Dictionary<string, string>());
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpAsync(api, ContainerJob, slots, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var limit = await DockerLimit.MeasureAsync(jobs, slots, cancellationToken);
            Say($"c={slots} run {run}: Docker limit {limit:0.00} containers/s");
            var attachedLimit = Options.B1LimitAttach ? await DockerLimit.MeasureAsync(jobs, slots, cancellationToken, attach: true) : double.NaN;
            if (Options.B1LimitAttach)
                Say($"c={slots} run {run}: Docker limit with the output attached {attachedLimit:0.00} containers/s");

            var queue = NewQueue(run);
            var before = await Host.Probe.CommandCallsAsync();
            var clock = Stopwatch.StartNew();
            var firstSubmit = DateTimeOffset.UtcNow;
            var submitted = await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => ContainerJob(queue))], SubmitConcurrency, cancellationToken);
            var terminal = await api.WaitForTerminalAsync(queue, jobs, TimeSpan.FromSeconds(120), cancellationToken);
            var after = await Host.Probe.CommandCallsAsync();
            var records = await api.GetAllAsync(submitted.Select(j => j.Id), 16, cancellationToken);

            var lastEnd = records.Values.Select(r => r.CurrentAttempt?.EndedAt ?? r.UpdatedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
            var jobsPerSecond = terminal < jobs ? double.NaN : jobs / (lastEnd - firstSubmit).TotalSeconds;
            var startLatency = records.Values.Where(r => r.CurrentAttempt?.StartedAt is not null)
                .Select(r => Ms(r.CurrentAttempt!.StartedAt!.Value - r.CreatedAt)).ToArray();
            var figures = new RunFigures()
                .Add("jobsPerSecond", "jobs/s", jobsPerSecond)
                .Add("dockerLimit", "containers/s", limit)
                .Add("ratioToDockerLimit", "x", jobsPerSecond / limit)
                .Add("submitToStartP50", "ms", Percentiles.Of(startLatency, 50))
                .Add("submitToStartP99", "ms", Percentiles.Of(startLatency, 99))
                .Add("failed", "jobs", records.Values.Count(r => r.State != JobState.Succeeded));
            if (Options.B1LimitAttach)
                figures.Add("dockerLimitAttached", "containers/s", attachedLimit).Add("ratioToAttachedLimit", "x", jobsPerSecond / attachedLimit);
            AddRedisCost(figures, before, after, jobs);
            runs.Add(figures);
            Say($"c={slots} run {run}: {jobsPerSecond:0.00} jobs/s ({jobsPerSecond / limit:0.00} x limit) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        await Host.StopClusterAsync(cluster);
        return runs;
    }

    // NaN (a run that did not finish) is no figure; a concurrency with none ranks last.
    private static double MedianOf(IEnumerable<RunFigures> runs, string name)
    {
        var values = runs.Select(r => r.Values[name].Value).Where(v => !double.IsNaN(v)).ToArray();
        return values.Length == 0 ? double.NegativeInfinity : Percentiles.Of(values, 50);
    }

    private static string Text(double value) =>
        double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "none";

    private static JobSpec ContainerJob(string queue) =>
        new() { Image = DockerLimit.Image, Command = DockerLimit.Command, Queue = queue, Network = JobNetworks.None };
}
