using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>RELIABILITY.md scenarios 1 and 9 (across a kill): a silo dies with <c>kill -9</c>.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SiloKillTests(FaultFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Cancel_RunningJobThenKillItsSilo_ContainerGoneAndJobStaysCancelled()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var job = await run.SubmitAsync(FaultCluster.Job("sleep", "3600"));
        var running = await run.Jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(30), "to run");
        var container = await CancelTests.RunningContainerAsync(run, job.Id);
        var silo = run.SiloRunning(running) ?? throw new InvalidOperationException($"job {job.Id} runs on an unknown worker {running.CurrentAttempt?.Worker}");

        await run.Jobs.CancelAsync(job.Id);
        var cancelledAt = Stopwatch.StartNew();
        silo.Kill();

        await Eventually.Async(async () => !await run.Containers.ExistsAsync(container), TimeSpan.FromSeconds(5) - cancelledAt.Elapsed,
            $"container {container[..12]} of cancelled job {job.Id} to be removed although its silo was killed{Environment.NewLine}{run.Cluster.Diagnostics}");
        // The cancel was answered before the kill, so it is stored; reading it back may wait until the cluster
        // declares the silo dead when the job's grain lived there.
        await run.Jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Cancelled, FaultSettings.Lease, "to be Cancelled");
        // Past the dead silo's lease and a sweep: a lost attempt, a retry or a late result would show by then.
        await Continually.Async(async () => (await run.Jobs.GetAsync(job.Id)) is { State: JobState.Cancelled } j && j.Attempts.Count == running.Attempts.Count,
            FaultSettings.Lease + FaultSettings.LeaseSlack, $"job {job.Id} stays Cancelled with no new attempt after its silo was killed");

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(10));
    }
}
