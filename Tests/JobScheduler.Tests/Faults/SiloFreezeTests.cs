using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// RELIABILITY.md scenario 4: a silo frozen (<c>kill -STOP</c>) past its lease, then thawed: its attempts are retried
/// elsewhere, its late results are rejected, and the retried attempts' outcomes stand.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SiloFreezeTests(FaultFixture fixture, ITestOutputHelper output)
{
    private const int JobCount = 6;

    [Fact]
    public async Task Freeze_SiloPastItsLeaseThenThaw_LateResultsRejectedRetriedAttemptsStand()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        // Long enough to be running when frozen; short enough to have finished (unreported) by the thaw.
        await run.SubmitAllAsync(Enumerable.Range(0, JobCount).Select(_ => FaultCluster.Job("sleep", "14")).ToArray());
        IReadOnlyDictionary<string, JobRecord> records = new Dictionary<string, JobRecord>();
        await Eventually.Async(async () =>
            (records = await run.ReadAllAsync(run.Submitted)).Values.Count(j => j.State == JobState.Running) == JobCount,
            TimeSpan.FromSeconds(60), $"all {JobCount} jobs to run{Environment.NewLine}{run.Cluster.Diagnostics}");
        var silo = records.Values.Select(run.SiloRunning).OfType<HostProcess>().GroupBy(s => s).MaxBy(g => g.Count())!.Key;
        var frozen = records.Values.Where(j => run.SiloRunning(j) == silo).ToDictionary(j => j.Id, j => j.CurrentAttempt!.Number);

        await silo.FreezeAsync();
        var frozenFor = Stopwatch.StartNew();
        try
        {
            foreach (var (jobId, attempt) in frozen)
                await run.Jobs.WaitUntilAsync(jobId, j => j.Attempts.Count > attempt && IsLeaseLost(j.Attempts[attempt - 1]),
                    FaultSettings.Lease + TimeSpan.FromSeconds(30) - frozenFor.Elapsed, $"frozen attempt {attempt} to be lease-lost and retried");
            Assert.True(frozenFor.Elapsed >= FaultSettings.Lease - FaultSettings.Heartbeat,
                $"attempts were declared lost after {frozenFor.Elapsed.TotalSeconds:0.0} s, before their {FaultSettings.Lease.TotalSeconds:0} s lease could expire");
            output.WriteLine($"{frozen.Count} frozen attempts lease-lost and retried {frozenFor.Elapsed.TotalSeconds:0.0} s after the freeze");
        }
        finally
        {
            await silo.ThawAsync();
        }

        // The thawed worker reports its finished containers and heartbeats for its old attempts; all of it is late.
        // Watch for several heartbeats: the frozen attempts stay lease-lost, without an exit code.
        await Continually.Async(async () => (await run.ReadAllAsync(frozen.Keys)).Values.All(j => IsLeaseLost(j.Attempts[frozen[j.Id] - 1])),
            FaultSettings.Heartbeat * 4, "the frozen attempts stay lease-lost after the thaw (late results rejected)");

        var final = await run.AssertInvariantsAsync(TimeSpan.FromSeconds(60));
        foreach (var (jobId, attempt) in frozen)
        {
            var job = final[jobId];
            Assert.True(job.State == JobState.Succeeded && job.CurrentAttempt!.Number > attempt && IsLeaseLost(job.Attempts[attempt - 1]),
                $"job {jobId}: expected the retried attempt's success to stand and attempt {attempt} to stay lease-lost; got {job.State}, attempts " +
                string.Join("; ", job.Attempts.Select(a => $"{a.Number} on {a.Worker} exit {a.ExitCode} {a.FailureReason}")));
        }
    }

    private static bool IsLeaseLost(JobAttempt attempt) =>
        FailureReasons.CodeOf(attempt.FailureReason ?? "") == FailureReasons.LeaseLost && attempt.ExitCode is null;
}
