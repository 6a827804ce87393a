using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>RELIABILITY.md scenarios 8 and 9: a timeout and a cancel stop the container, and the outcome stands.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class CancelTests(FaultFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Timeout_FiveSecondsOnSleep3600_KilledInTimeRemovedWithReasonTimeout()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var timeout = TimeSpan.FromSeconds(5);
        var job = await run.SubmitAsync(FaultCluster.Job("sleep", "3600") with { Timeout = timeout, Retry = new RetryPolicy { MaxAttempts = 1 } });
        await RunningContainerAsync(run, job.Id);

        var final = await run.Jobs.WaitForTerminalAsync(job.Id, timeout + TimeSpan.FromSeconds(25));
        var terminalAt = Stopwatch.StartNew();

        Assert.Equal(JobState.Failed, final.State);
        var attempt = Assert.Single(final.Attempts);
        Assert.Equal(FailureReasons.Timeout, FailureReasons.CodeOf(attempt.FailureReason ?? ""));
        Assert.NotNull(attempt.StartedAt);
        Assert.NotNull(attempt.EndedAt);
        var ran = attempt.EndedAt!.Value - attempt.StartedAt!.Value;
        Assert.True(ran <= timeout + TimeSpan.FromSeconds(5), $"the container ran {ran.TotalSeconds:0.0} s, more than the timeout plus 5 s");
        await Eventually.Async(async () => (await run.Containers.ListAsync([job.Id], runningOnly: false)).Count == 0,
            TimeSpan.FromSeconds(5) - terminalAt.Elapsed, $"the timed-out job's container to be removed{Environment.NewLine}{run.Cluster.Diagnostics}");
        output.WriteLine($"timed out after {ran.TotalSeconds:0.0} s (timeout {timeout.TotalSeconds:0} s)");

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancel_RunningJob_ContainerGoneWithinFiveSecondsAndNeverSucceeds()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var job = await run.SubmitAsync(FaultCluster.Job("sleep", "3600"));
        var running = await run.Jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(30), "to run");
        var container = await RunningContainerAsync(run, job.Id);

        await run.Jobs.CancelAsync(job.Id);
        var cancelledAt = Stopwatch.StartNew();

        await Eventually.Async(async () => !await run.Containers.ExistsAsync(container), TimeSpan.FromSeconds(5),
            $"container {container[..12]} of cancelled job {job.Id} to be removed{Environment.NewLine}{run.Cluster.Diagnostics}");
        output.WriteLine($"container removed {cancelledAt.Elapsed.TotalSeconds:0.0} s after the cancel");
        await run.Jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Cancelled, TimeSpan.FromSeconds(5), "to be Cancelled");
        // Longer than a lease and several heartbeats: a late result or a retry would show by then.
        await Continually.Async(async () => (await run.Jobs.GetAsync(job.Id)) is { State: JobState.Cancelled } j && j.Attempts.Count == running.Attempts.Count,
            FaultSettings.Lease + FaultSettings.LeaseSlack, $"job {job.Id} stays Cancelled with no new attempt");

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the job's container runs (as the Docker API shows it) and returns its id.</summary>
    internal static async Task<string> RunningContainerAsync(FaultCluster run, string jobId)
    {
        string? id = null;
        await Eventually.Async(async () => (id = (await run.Containers.ListAsync([jobId])).FirstOrDefault()?.ID) is not null,
            TimeSpan.FromSeconds(30), $"a container of job {jobId} to run{Environment.NewLine}{run.Cluster.Diagnostics}");
        return id!;
    }
}
