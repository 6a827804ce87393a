using System.Diagnostics;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B1: 200 container jobs submitted at once through the REST API to one silo with 4 worker slots, and in the same run
/// the Docker limit at the same concurrency. Runs alternate (limit, scheduler) so both see the same engine state.
/// </summary>
public sealed class ContainerThroughput(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int Slots = 4;

    public override string Id => "B1";
    public override string Description => $"{Options.Size(200)} busybox `sh -c 'exit 0'` jobs at once via REST, 1 silo, {Slots} slots; Docker limit at concurrency {Slots}";
    public override string Target => "jobs/s >= 0.95 x Docker limit";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = Options.Size(200);
        var cluster = await Host.StartClusterAsync(silos: 1, Slots, new Dictionary<string, string>());
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpAsync(api, ContainerJob, Slots, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var limit = await DockerLimit.MeasureAsync(jobs, Slots, cancellationToken);
            Say($"run {run}: Docker limit {limit:0.00} containers/s");

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
            AddRedisCost(figures, before, after, jobs);
            runs.Add(figures);
            Say($"run {run}: {jobsPerSecond:0.00} jobs/s ({jobsPerSecond / limit:0.00} x limit) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, f => f["ratioToDockerLimit"].Median >= 0.95);
    }

    private static JobSpec ContainerJob(string queue) =>
        new() { Image = DockerLimit.Image, Command = DockerLimit.Command, Queue = queue, Network = JobNetworks.None };
}
