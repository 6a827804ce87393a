using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>B2: 10,000 jobs through the control plane only (simulated runtime that completes at once), one silo.</summary>
public sealed class ControlPlaneThroughput(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    public override string Id => "B2";
    public override string Description => $"{Options.Size(10_000)} jobs via REST, simulated runtime (completes at once), 1 silo, {SimulatedSlots} slots";
    public override string Target => "jobs/s >= 2000, ahead of Hangfire (Redis storage)";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = Options.Size(10_000);
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpUntilSteadyAsync(api, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var queue = NewQueue(run);
            var before = await Host.Probe.CommandCallsAsync();
            var cpuBefore = await CpuSnapshotAsync(cluster);
            var firstSubmit = DateTimeOffset.UtcNow;
            await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => SimulatedJob(queue))], SubmitConcurrency, cancellationToken);
            var submitSeconds = (DateTimeOffset.UtcNow - firstSubmit).TotalSeconds;
            var terminal = await api.WaitForTerminalAsync(queue, jobs, TimeSpan.FromSeconds(60), cancellationToken);
            var after = await Host.Probe.CommandCallsAsync();
            var cpuAfter = await CpuSnapshotAsync(cluster);
            var summaries = await api.ListAsync(queue, cancellationToken);

            // A terminal job's summary was last updated when it completed.
            var lastEnd = summaries.Select(s => s.UpdatedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
            var latency = summaries.Where(s => s.State.IsTerminal()).Select(s => Ms(s.UpdatedAt - s.CreatedAt)).ToArray();
            var figures = new RunFigures()
                .Add("jobsPerSecond", "jobs/s", terminal < jobs ? double.NaN : jobs / (lastEnd - firstSubmit).TotalSeconds)
                .Add("submitsPerSecond", "jobs/s", jobs / submitSeconds)
                .Add("submitToCompleteP50", "ms", Percentiles.Of(latency, 50))
                .Add("submitToCompleteP99", "ms", Percentiles.Of(latency, 99))
                .Add("notTerminal", "jobs", jobs - terminal);
            AddRedisCost(figures, before, after, jobs);
            AddCpuCost(figures, cpuBefore, cpuAfter, jobs);
            runs.Add(figures);
            Say($"run {run}: {figures.Values["jobsPerSecond"].Value:0} jobs/s, {figures.Values["redisWritesPerJob"].Value:0.0} Redis writes/job");
        }
        await Host.StopClusterAsync(cluster);

        // The peer gets the machine to itself as well, once the scheduler's processes are gone, and a warm-up round.
        await HangfirePeer.MeasureAsync(Host.Redis.ConnectionString, jobs, SubmitConcurrency, cancellationToken);
        foreach (var (figures, run) in runs.Select((f, i) => (f, i + 1)))
        {
            var peer = await HangfirePeer.MeasureAsync(Host.Redis.ConnectionString, jobs, SubmitConcurrency, cancellationToken);
            figures.Add("hangfireJobsPerSecond", "jobs/s", peer)
                .Add("ratioToHangfire", "x", figures.Values["jobsPerSecond"].Value / peer);
            Say($"run {run}: Hangfire {peer:0} jobs/s");
        }
        return Result(runs, f => f["jobsPerSecond"].Median >= 2000 && f["ratioToHangfire"].Median > 1);
    }
}
