using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// RELIABILITY.md scenario 2: a silo killed with <c>kill -9</c> leaves its containers running in the engine; when it
/// starts again it adopts those of current attempts and kills and removes stale ones, within 60 s.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SiloRestartTests(FaultFixture fixture, ITestOutputHelper output)
{
    private const int JobCount = 6;
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_KilledSiloWithinLease_AdoptsItsContainersAndReportsTheirResults()
    {
        // A lease long enough that the restarted silo is back before it expires: the attempts are still current.
        var lease = TimeSpan.FromSeconds(20);
        await using var run = await FaultCluster.StartAsync(fixture, output, lease: lease);
        var left = await KillBusiestSiloAsync(run, "sleep", "12");

        var restart = Stopwatch.StartNew();
        await run.Cluster.StartSiloAsync(left.Silo);
        Assert.True(restart.Elapsed < lease - FaultSettings.LeaseSlack,
            $"The restart took {restart.Elapsed.TotalSeconds:0.0} s, too close to the {lease.TotalSeconds:0} s lease; the test proves nothing.");

        foreach (var (jobId, attempt, container) in left.Containers)
        {
            var final = await run.Jobs.WaitForTerminalAsync(jobId, CleanupBudget - restart.Elapsed);
            Assert.True(final.State == JobState.Succeeded && final.Attempts.Count == attempt && ClusterInvariants.IsSuccess(final.Attempts[attempt - 1]),
                $"job {jobId}: its attempt {attempt} (container {container[..12]}) was not adopted: {final.State}, attempts " +
                string.Join("; ", final.Attempts.Select(a => $"{a.Number} exit {a.ExitCode} {a.FailureReason}")) + Environment.NewLine + run.Cluster.Diagnostics);
        }
        output.WriteLine($"{left.Containers.Count} containers adopted; their jobs terminal {restart.Elapsed.TotalSeconds:0.0} s after the restart began");

        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Restart_KilledSiloAfterItsAttemptsWereRetried_KillsAndRemovesStaleContainers()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var left = await KillBusiestSiloAsync(run, "sleep", "120");
        var killed = Stopwatch.StartNew();

        // Their leases expire, and the attempts are retried on the surviving silos: the left-behind ones are stale.
        foreach (var (jobId, attempt, _) in left.Containers)
            await run.Jobs.WaitUntilAsync(jobId,
                j => j.Attempts.Count > attempt && FailureReasons.CodeOf(j.Attempts[attempt - 1].FailureReason ?? "") == FailureReasons.LeaseLost,
                FaultSettings.Lease + TimeSpan.FromSeconds(30) - killed.Elapsed, $"attempt {attempt} to be lease-lost and retried");
        output.WriteLine($"attempts of the killed silo lease-lost and retried {killed.Elapsed.TotalSeconds:0.0} s after the kill");

        var restart = Stopwatch.StartNew();
        await run.Cluster.StartSiloAsync(left.Silo);
        foreach (var (jobId, attempt, container) in left.Containers)
            await Eventually.Async(async () => !await run.Containers.ExistsAsync(container), CleanupBudget - restart.Elapsed,
                $"stale container {container[..12]} (job {jobId}, attempt {attempt}) to be killed and removed{Environment.NewLine}{run.Cluster.Diagnostics}");
        output.WriteLine($"{left.Containers.Count} stale containers removed {restart.Elapsed.TotalSeconds:0.0} s after the restart began");

        // The retried attempts would sleep two minutes more; end them.
        foreach (var jobId in run.Submitted)
            await run.Jobs.CancelAsync(jobId);
        await run.AssertInvariantsAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs <see cref="JobCount"/> jobs until all run, then kills the silo running most of them.</summary>
    private static async Task<LeftBehind> KillBusiestSiloAsync(FaultCluster run, params string[] command)
    {
        await run.SubmitAllAsync(Enumerable.Range(0, JobCount).Select(_ => FaultCluster.Job(command)).ToArray());
        IReadOnlyDictionary<string, JobRecord> records = new Dictionary<string, JobRecord>();
        await Eventually.Async(async () =>
            (records = await run.ReadAllAsync(run.Submitted)).Values.Count(j => j.State == JobState.Running) == JobCount
            && (await run.Containers.ListAsync(run.Submitted)).Count == JobCount,
            TimeSpan.FromSeconds(60), $"all {JobCount} jobs to run{Environment.NewLine}{run.Cluster.Diagnostics}");
        var silo = records.Values.Select(run.SiloRunning).OfType<HostProcess>().GroupBy(s => s).MaxBy(g => g.Count())!.Key;
        var attempts = records.Values.Where(j => run.SiloRunning(j) == silo).ToDictionary(j => j.Id, j => j.CurrentAttempt!.Number);
        var containers = (await run.Containers.ListAsync(attempts.Keys))
            .Select(c => (Container: c, Label: JobContainers.Identify(c)))
            .Where(c => attempts[c.Label.JobId] == c.Label.Attempt)
            .Select(c => (c.Label.JobId, c.Label.Attempt, c.Container.ID))
            .ToArray();
        Assert.NotEmpty(containers);

        silo.Kill();
        return new LeftBehind(silo, containers);
    }

    private sealed record LeftBehind(HostProcess Silo, IReadOnlyList<(string JobId, int Attempt, string ContainerId)> Containers);
}
