using System.Diagnostics;
using Hangfire;
using Hangfire.Redis.StackExchange;

namespace JobScheduler.Benchmarks;

/// <summary>
/// B2's peer: Hangfire with its Redis storage (Hangfire.Redis.StackExchange), on the same Redis and machine, running
/// the same number of jobs that do nothing, as the scheduler's simulated runtime does. The jobs are enqueued in this
/// process, straight into Redis, with the same number in flight as B2's REST submissions: a lighter path than B2's
/// HTTP API, so the comparison does not favour the scheduler.
/// </summary>
public static class HangfirePeer
{

    /// <summary>Jobs per second from the first enqueue to the last job succeeded.</summary>
    public static async Task<double> MeasureAsync(string redisConnectionString, int jobs, int concurrency, CancellationToken cancellationToken)
    {
        // Hangfire's client and workers call Redis synchronously: without threads to spare, its connection timed out
        // in the backlog while the pool grew. Its server keeps its default worker count (5 per core, at most 20): 128
        // workers, as many as B2's slots, measured no faster (536, 631 and 744 jobs/s against 606, 669 and 679).
        // The minimum goes back afterwards: the workloads that follow measure the scheduler with the tool's defaults.
        ThreadPool.GetMinThreads(out var workerThreads, out var ioThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, concurrency + 64), ioThreads);
        try
        {
            return await RunAsync(redisConnectionString, jobs, concurrency, cancellationToken);
        }
        finally
        {
            ThreadPool.SetMinThreads(workerThreads, ioThreads);
        }
    }

    private static async Task<double> RunAsync(string redisConnectionString, int jobs, int concurrency, CancellationToken cancellationToken)
    {
        var storage = new RedisStorage(redisConnectionString, new RedisStorageOptions { Prefix = $"hangfire-{Guid.NewGuid():N}:" });
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions(), storage);
        var client = new BackgroundJobClient(storage);
        var monitoring = storage.GetMonitoringApi();

        var clock = Stopwatch.StartNew();
        await Task.Run(() => Parallel.For(0, jobs,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            _ => client.Enqueue(() => Nothing())), cancellationToken);
        var sinceProgress = Stopwatch.StartNew();
        long succeeded = 0;
        while (succeeded < jobs)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            // The statistics counter, not the succeeded list, which the storage trims to its last few hundred.
            var now = monitoring.GetStatistics().Succeeded;
            if (now != succeeded)
                sinceProgress.Restart();
            succeeded = now;
            if (sinceProgress.Elapsed > TimeSpan.FromSeconds(60))
                return double.NaN;
        }
        return jobs / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The job: nothing, as the scheduler's simulated runtime runs nothing. Public and static for Hangfire.</summary>
    public static void Nothing()
    {
    }
}
