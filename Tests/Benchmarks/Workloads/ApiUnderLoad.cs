using System.Collections.Concurrent;
using System.Diagnostics;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>B6: 50 concurrent clients submitting a job and reading it back, in a loop, for 30 s (simulated runtime).</summary>
public sealed class ApiUnderLoad(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int Clients = 50;

    public override string Id => "B6";
    public override string Description => $"{Clients} clients submit + read for {Options.Span(TimeSpan.FromSeconds(30)).TotalSeconds:0} s via REST, simulated runtime, 1 silo";
    public override string Target => "p99 <= 50 ms for reads and submits, 0 errors";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpUntilSteadyAsync(api, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var queue = NewQueue(run);
            var submits = new ConcurrentBag<double>();
            var reads = new ConcurrentBag<double>();
            var errors = 0;
            var duration = Options.Span(TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
                {
                    var call = Stopwatch.StartNew();
                    try
                    {
                        var job = await api.SubmitAsync(SimulatedJob(queue), cancellationToken);
                        submits.Add(Ms(call.Elapsed));
                        call.Restart();
                        using var response = await api.Http.GetAsync($"api/v1/jobs/{job.Id}", cancellationToken);
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        reads.Add(Ms(call.Elapsed));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            var figures = new RunFigures()
                .Add("requestsPerSecond", "req/s", (submits.Count + reads.Count) / seconds)
                .Add("submitP50", "ms", Percentiles.Of(submits, 50))
                .Add("submitP99", "ms", Percentiles.Of(submits, 99))
                .Add("readP50", "ms", Percentiles.Of(reads, 50))
                .Add("readP99", "ms", Percentiles.Of(reads, 99))
                .Add("errors", "requests", errors);
            runs.Add(figures);
            Say($"run {run}: {figures.Values["requestsPerSecond"].Value:0} req/s, submit p99 {figures.Values["submitP99"].Value:0} ms, read p99 {figures.Values["readP99"].Value:0} ms, {errors} errors");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, f => f["submitP99"].Median <= 50 && f["readP99"].Median <= 50 && f["errors"].Max == 0);
    }
}
