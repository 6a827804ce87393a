using System.Collections.Concurrent;
using JobScheduler.Grains.Interfaces;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// RELIABILITY.md scenario 7: the Docker engine restarted during a job. The attempt fails with an infrastructure
/// reason and is retried by policy; nothing stays Running past its lease. Restarts the machine's dockerd: it runs
/// only inside the fault collection, which never overlaps other tests.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DockerRestartTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] InfrastructureReasons = [FailureReasons.DockerUnavailable, FailureReasons.LeaseLost];

    [Fact]
    public async Task DockerEngine_RestartedDuringAJob_AttemptFailsAsInfrastructureAndIsRetried()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var job = await run.SubmitAsync(FaultCluster.Job("sleep", "15") with
        {
            // Retries spaced 3, 6, 12, 24 s span a dockerd restart even on a loaded machine; with 1 s
            // backoff every attempt could fail while the engine is still coming back.
            Retry = new RetryPolicy { MaxAttempts = 5, InitialBackoff = TimeSpan.FromSeconds(3), BackoffMultiplier = 2, Jitter = JitterMode.None },
        });
        await CancelTests.RunningContainerAsync(run, job.Id);

        var overdue = new ConcurrentQueue<string>();
        using var stopWatching = new CancellationTokenSource();
        var watcher = WatchLeasesAsync(run, job.Id, overdue, stopWatching.Token);
        JobRecord final;
        try
        {
            await DockerDaemon.RestartAsync();
            output.WriteLine("dockerd restarted and answers again");
            final = await run.Jobs.WaitForTerminalAsync(job.Id, TimeSpan.FromSeconds(120));
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watcher;
            await DockerDaemon.StartAsync(); // never leave the machine without its engine
        }

        var first = final.Attempts[0];
        Assert.True(InfrastructureReasons.Contains(FailureReasons.CodeOf(first.FailureReason ?? "")),
            $"attempt 1 ended with '{first.FailureReason}' (exit {first.ExitCode}), not an infrastructure reason ({string.Join(", ", InfrastructureReasons)})");
        Assert.True(final.Attempts.Count >= 2, $"attempt 1 was not retried: {final.State} after {final.Attempts.Count} attempt(s)");
        Assert.Equal(JobState.Succeeded, final.State);
        Assert.True(overdue.IsEmpty, "the job stayed Running past its lease: " + string.Join("; ", overdue.Take(10)));
        output.WriteLine("attempts: " + string.Join("; ", final.Attempts.Select(a => $"{a.Number} exit {a.ExitCode} {a.FailureReason}")));

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Records every sighting of the job Running with no lease, or with a lease expired longer ago than a sweep allows.</summary>
    private static async Task WatchLeasesAsync(FaultCluster run, string jobId, ConcurrentQueue<string> overdue, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await run.TryGetAsync(jobId) is { State: JobState.Running, CurrentAttempt: var attempt } && attempt is not null)
            {
                var now = DateTimeOffset.UtcNow;
                if (attempt.LeaseExpiresAt is not { } lease || lease + FaultSettings.LeaseSlack < now)
                    overdue.Enqueue($"attempt {attempt.Number} Running at {now:O} with lease until {attempt.LeaseExpiresAt:O}");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
