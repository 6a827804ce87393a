using JobScheduler.Benchmarks.Workloads;

namespace JobScheduler.Benchmarks;

/// <summary>Runs the chosen workloads in order on one Redis, prints their results, and always stops what it started.</summary>
public static class BenchmarkRun
{
    public static async Task<int> ExecuteAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"JobScheduler benchmarks: {string.Join(",", options.Only)}{(options.Quick ? " --quick" : "")}, {options.Runs} run(s) each, " +
                                (options.ReplicaAcks is { } acks ? $"one Redis replica, ReplicaAcks={acks}, " : "") +
                                $"{BenchmarkHost.Cores} cores, commit {BenchmarkHost.Commit}");
        var results = new List<WorkloadResult>();
        var failed = false;
        await using var host = await BenchmarkHost.StartAsync(cancellationToken, options.ReplicaAcks);
        try
        {
            foreach (var id in options.Only)
            {
                var workload = Create(id, options, host);
                try
                {
                    var result = await workload.RunAsync(cancellationToken);
                    results.Add(result);
                    Console.WriteLine(result.ToJsonLine());
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One broken workload must not hide the others' figures; the exit code still says it failed.
                    failed = true;
                    Console.Error.WriteLine($"{id} failed: {e}");
                    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { workload = id, error = e.Message }));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted; no further workloads run.");
            return 130;
        }

        // Redis's own view of the slowest commands (over 10 ms by default) across the whole run, for profiling.
        foreach (var entry in await host.Probe.SlowLogAsync(10))
            Console.Error.WriteLine($"Redis SLOWLOG: {entry}");
        Console.WriteLine();
        Console.WriteLine(ResultTable.Format(results));
        return failed ? 1 : 0;
    }

    private static Workload Create(string id, BenchmarkOptions options, BenchmarkHost host) => id switch
    {
        "B1" => new ContainerThroughput(options, host),
        "B2" => new ControlPlaneThroughput(options, host),
        "B3" => new DueTimeLateness(options, host),
        "B4" => new PendingJobs(options, host),
        "B5" => new SiloKillRecovery(options, host),
        "B6" => new ApiUnderLoad(options, host),
        "B7" => new IdleLatency(options, host),
        "B8" => new CronFidelity(options, host),
        "B9" => new OperatorSurface(options, host),
        "B2O" => new ObservabilityOverhead(options, host),
        "B10" => new WebhookDelivery(options, host),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown workload."),
    };
}
