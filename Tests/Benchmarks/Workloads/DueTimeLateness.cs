namespace JobScheduler.Benchmarks.Workloads;

/// <summary>B3: 1,000 jobs due at times spread over 30 s (simulated runtime); how late each starts.</summary>
public sealed class DueTimeLateness(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    public override string Id => "B3";
    public override string Description => $"{Options.Size(1_000)} jobs due over {Options.Span(TimeSpan.FromSeconds(30)).TotalSeconds:0} s, simulated runtime, 1 silo";
    public override string Target => "lateness p99 <= 100 ms";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpUntilSteadyAsync(api, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var figures = await Lateness.MeasureAsync(api, NewQueue(run), Options.Size(1_000), Options.Span(TimeSpan.FromSeconds(30)),
                lead: TimeSpan.FromSeconds(Options.Quick ? 3 : 8), cancellationToken);
            runs.Add(figures);
            Say($"run {run}: lateness p99 {figures.Values["latenessP99"].Value:0} ms");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, f => f["latenessP99"].Median <= 100);
    }
}
