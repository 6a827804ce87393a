using System.Diagnostics;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B4: 100,000 pending jobs scheduled hours ahead (and 1,000,000 with <c>--b4-million</c>), then B3 on top of them.
/// The pending jobs are submitted in <see cref="BenchmarkOptions.Runs"/> equal batches; the submit rate is a median
/// over the batches, the memory per pending job is taken over all of them.
/// </summary>
public sealed class PendingJobs(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    public override string Id => "B4";
    public override string Description =>
        $"{Options.Size(100_000)}{(Options.B4Million ? $" then {Options.Size(1_000_000)}" : "")} pending jobs 3 h ahead, then B3 on top, simulated runtime, 1 silo";
    public override string Target => "B3 lateness unchanged; Redis <= 2 KB per pending job";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpUntilSteadyAsync(api, cancellationToken);

        var runs = new List<RunFigures>();
        var sizes = Options.B4Million ? new[] { Options.Size(100_000), Options.Size(1_000_000) } : [Options.Size(100_000)];
        var pending = 0;
        var redisBefore = await Host.Probe.UsedMemoryAsync();
        var siloBefore = BenchmarkHost.WorkingSet(cluster.Silos[0].ProcessId);
        var queue = NewQueue(0);
        var later = DateTimeOffset.UtcNow + TimeSpan.FromHours(3);
        foreach (var size in sizes)
        {
            var batch = Math.Max(1, (size - pending + Options.Runs - 1) / Options.Runs);
            var batchRates = new List<double>();
            while (pending < size)
            {
                var count = Math.Min(batch, size - pending);
                var clock = Stopwatch.StartNew();
                await api.SubmitAllAsync([.. Enumerable.Range(0, count).Select(_ => SimulatedJob(queue, later))], SubmitConcurrency, cancellationToken);
                batchRates.Add(count / clock.Elapsed.TotalSeconds);
                pending += count;
                Say($"{pending} pending ({batchRates[^1]:0} submits/s)");
            }

            var figures = new RunFigures()
                .Add("pendingJobs", "jobs", pending)
                .Add("submitsPerSecond", "jobs/s", Percentiles.Of(batchRates, 50))
                .Add("redisBytesPerPendingJob", "bytes", (await Host.Probe.UsedMemoryAsync() - redisBefore) / (double)pending)
                .Add("siloBytesPerPendingJob", "bytes", (BenchmarkHost.WorkingSet(cluster.Silos[0].ProcessId) - siloBefore) / pending);
            var lateness = await Lateness.MeasureAsync(api, NewQueue(pending), Options.Size(1_000), Options.Span(TimeSpan.FromSeconds(30)),
                lead: TimeSpan.FromSeconds(Options.Quick ? 3 : 8), cancellationToken);
            foreach (var (name, (unit, value)) in lateness.Values)
                figures.Add(name, unit, value);
            runs.Add(figures);
            Say($"{pending} pending: {figures.Values["redisBytesPerPendingJob"].Value:0} Redis bytes/job, B3 p99 {figures.Values["latenessP99"].Value:0} ms");
        }
        await Host.StopClusterAsync(cluster);
        // The stages are different sizes, not repeated runs: report the largest stage.
        return Result([runs[^1]], f => f["redisBytesPerPendingJob"].Median <= 2048 && f["latenessP99"].Median <= 100,
            notes: $"submit rate is the median of {Options.Runs} equal batches; memory is over all pending jobs; B3 ran once on top");
    }
}
