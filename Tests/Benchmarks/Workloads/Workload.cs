using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>One of BENCHMARKS.md's workloads: runs itself <see cref="BenchmarkOptions.Runs"/> times and reports the figures.</summary>
public abstract class Workload(BenchmarkOptions options, BenchmarkHost host)
{
    /// <summary>Submissions in flight at once from the tool ("submitted at once" through the REST API).</summary>
    protected const int SubmitConcurrency = 32;

    /// <summary>Worker slots of a silo on the simulated runtime: enough that slots are not what limits the control plane.</summary>
    protected const int SimulatedSlots = 128;

    /// <summary>The configuration every simulated-runtime cluster gets (never a job: the host picks the runtime).</summary>
    protected static readonly IReadOnlyDictionary<string, string> Simulated = new Dictionary<string, string>
    {
        ["Scheduler__Containers__Runtime"] = "Simulated",
    };

    protected BenchmarkOptions Options { get; } = options;
    protected BenchmarkHost Host { get; } = host;

    public abstract string Id { get; }
    public abstract string Description { get; }
    public abstract string Target { get; }

    public abstract Task<WorkloadResult> RunAsync(CancellationToken cancellationToken);

    /// <summary>A job of the simulated runtime in <paramref name="queue"/>, due at <paramref name="runAt"/> (null: now).</summary>
    protected static JobSpec SimulatedJob(string queue, DateTimeOffset? runAt = null) =>
        new() { Image = DockerLimit.Image, Command = DockerLimit.Command, Queue = queue, RunAt = runAt, Network = JobNetworks.None };

    /// <summary>A fresh queue name per run, so each run's counts are its own.</summary>
    protected string NewQueue(int run) => $"{Id.ToLowerInvariant()}-r{run}-{Guid.NewGuid().ToString("N")[..8]}";

    protected WorkloadResult Result(IReadOnlyList<RunFigures> runs, Func<IReadOnlyDictionary<string, Figure>, bool> met, string? notes = null)
    {
        var figures = RunFigures.Combine(runs);
        return new WorkloadResult
        {
            Workload = Id,
            Description = Description + (Options.Quick ? " (--quick: a tenth)" : ""),
            Quick = Options.Quick,
            Runs = runs.Count,
            Cores = BenchmarkHost.Cores,
            Commit = BenchmarkHost.Commit,
            At = DateTimeOffset.UtcNow,
            Figures = figures,
            Target = Target,
            // A tenth of the load says nothing about the target.
            TargetMet = Options.Quick ? null : met(figures),
            Notes = notes,
            LoadAverage = LoadAverage(),
        };
    }

    private static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }

    /// <summary>Writes and commands per job between two command-count snapshots.</summary>
    protected void AddRedisCost(RunFigures figures, IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, int jobs)
    {
        var (writes, commands, byCommand) = RedisProbe.Delta(before, after);
        // Where the round trips go, for profiling: the busiest commands per job.
        Say("Redis commands per job: " + string.Join(", ", byCommand.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(10)
            .Select(p => $"{p.Key} {(double)p.Value / jobs:0.##}")));
        figures.Add("redisWritesPerJob", "writes", (double)writes / jobs);
        figures.Add("redisCommandsPerJob", "commands", (double)commands / jobs);
    }

    /// <summary>Runs a few jobs through a fresh cluster first, so the runs measure a warm system (JIT, activations, connections).</summary>
    protected static async Task WarmUpAsync(ApiDriver api, Func<string, JobSpec> job, int count, CancellationToken cancellationToken)
    {
        var queue = "warm-up-" + Guid.NewGuid().ToString("N")[..8];
        await api.SubmitAllAsync([.. Enumerable.Range(0, count).Select(_ => job(queue))], SubmitConcurrency, cancellationToken);
        await api.WaitForTerminalAsync(queue, count, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>
    /// Runs rounds of simulated jobs through a fresh cluster until two rounds in a row go at the same speed (within
    /// 15%: a round is timed to the completion poll's quarter second), at most <see cref="MaxWarmUpRounds"/>. A few hundred jobs were not enough: .NET compiles hot code again,
    /// optimized, in the background over the first tens of thousands of jobs, and three B2 runs after such a warm-up
    /// went 872, 1,593 and 2,379 jobs/s, so their median measured the compiler, not the scheduler.
    /// </summary>
    protected async Task WarmUpUntilSteadyAsync(ApiDriver api, CancellationToken cancellationToken)
    {
        var jobs = Options.Size(5_000);
        double? previous = null;
        for (var round = 1; round <= MaxWarmUpRounds; round++)
        {
            var queue = $"warm-up-{round}-" + Guid.NewGuid().ToString("N")[..8];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => SimulatedJob(queue))], SubmitConcurrency, cancellationToken);
            await api.WaitForTerminalAsync(queue, jobs, TimeSpan.FromSeconds(60), cancellationToken);
            var rate = jobs / clock.Elapsed.TotalSeconds;
            Say($"warm-up round {round}: {rate:0} jobs/s");
            if (previous is { } last && Math.Abs(rate - last) <= 0.15 * last)
                return;
            previous = rate;
        }
    }

    private const int MaxWarmUpRounds = 8;

    /// <summary>CPU time of each process of the deployment, to compare before and after a run.</summary>
    protected async Task<double[]> CpuSnapshotAsync(Tests.Infrastructure.SchedulerCluster cluster) =>
        [CpuTime.Milliseconds(cluster.Api.ProcessId), .. cluster.Silos.Select(s => CpuTime.Milliseconds(s.ProcessId)).Take(1),
         CpuTime.Milliseconds(await Host.Probe.ProcessIdAsync())];

    /// <summary>CPU milliseconds per job of the API, the (first) silo and Redis between two snapshots.</summary>
    protected static void AddCpuCost(RunFigures figures, double[] before, double[] after, int jobs)
    {
        figures.Add("apiCpuMsPerJob", "ms", (after[0] - before[0]) / jobs);
        figures.Add("siloCpuMsPerJob", "ms", (after[1] - before[1]) / jobs);
        figures.Add("redisCpuMsPerJob", "ms", (after[2] - before[2]) / jobs);
    }

    protected static double Ms(TimeSpan span) => span.TotalMilliseconds;

    protected void Say(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {Id}: {message}");
}
