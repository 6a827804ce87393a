using System.Diagnostics;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Upgrades;

/// <summary>
/// RELIABILITY.md scenario 20 and issue 12's rolling upgrade, with <c>deploy/scripts/rolling-upgrade.sh</c> on real
/// processes: each of three silos in turn is drained, stopped with SIGTERM and started again while container jobs
/// arrive at a steady pace; and each of two API processes in turn is stopped and started while a client submits and
/// reads, retrying on 503 and refused connections at the other one.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Upgrade")]
public sealed class RollingUpgradeTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SubmitInterval = TimeSpan.FromSeconds(1);
    private const int ProbeJobs = FaultSettings.WorkerSlots;
    private const double UtilisationDuringUpgrade = 0.5;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AfterUpgrade = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan TerminalBudget = TimeSpan.FromSeconds(60);

    /// <summary>What the issue allows a job to wait beyond the same workload's worst wait without the upgrade.</summary>
    private static readonly TimeSpan ExtraWaitAllowed = RunTime + TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RollingUpgrade_EachOfThreeSilosDrainedStoppedAndStarted_NoJobFailsNoneWaitsLonger()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output);
        var interval = await PaceAsync(run);
        await using var client = new SteadyClient([run.Cluster.Api.BaseAddress], () => FaultCluster.Job("sleep", "2"), interval);
        await using var script = new RollingUpgradeScript(output);
        foreach (var silo in run.Cluster.Silos)
            script.Add("silo", silo);

        await using var engine = EngineStartProbe.Start();
        var clock = Stopwatch.StartNew();
        var began = DateTimeOffset.UtcNow;
        client.Start();
        // The baseline is a measurement window of the same workload, not a wait for a condition.
        await Task.Delay(WarmUp + Baseline);
        var upgradeFrom = DateTimeOffset.UtcNow;
        await script.RunAsync(ScriptTimeout, "--drain-timeout", "60", "--stop-timeout", "60", "--ready-timeout", "60");
        var upgrade = DateTimeOffset.UtcNow - upgradeFrom;
        await Task.Delay(AfterUpgrade);
        await client.StopAsync();
        var upgradeTo = DateTimeOffset.UtcNow;

        Assert.True(client.Unexpected.Count == 0, "the client got answers it cannot retry:" + Environment.NewLine + string.Join(Environment.NewLine, client.Unexpected));
        foreach (var id in client.Acknowledged.Keys)
            run.Track(id);
        var final = await run.AssertInvariantsAsync(TerminalBudget);

        // No job failed, and no attempt was lost to the upgrade: one attempt each, a success.
        var failed = final.Values
            .Where(j => j.State != JobState.Succeeded || j.Attempts.Count != 1)
            .Select(j => $"{j.Id}: {j.State}, attempts " + string.Join("; ", j.Attempts.Select(a => $"{a.Number} on {a.Worker}: exit {a.ExitCode} {a.FailureReason}")))
            .ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} job(s) failed an attempt during the upgrade:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}{Environment.NewLine}{script.LogTails()}");
        var lost = final.Values.SelectMany(j => j.Attempts).Count(a => FailureReasons.CodeOf(a.FailureReason ?? "") is FailureReasons.WorkerStopped or FailureReasons.LeaseLost);
        Assert.Equal(0, lost);

        // Waiting, before and during the upgrade: for the container (submission → start), as a user sees it, and for a
        // worker (submission → claim), the part that draining, stopping and starting silos lengthen; the rest is the
        // engine's create and start. Both are held to the allowance, so a failure says which part grew. The whole
        // cluster shares this machine's cores with the engine, and a silo's start slows the engine's own create and start
        // (measured here on a container of its own): that slowdown is allowed on top of the wait for the start.
        var baselineIds = client.AcknowledgedBetween(began + WarmUp, upgradeFrom);
        var duringIds = client.AcknowledgedBetween(upgradeFrom, upgradeTo);
        var baseline = Waits(final, baselineIds);
        var during = Waits(final, duringIds);
        var baselineClaims = ClaimWaits(final, baselineIds);
        var duringClaims = ClaimWaits(final, duringIds);
        Assert.NotEmpty(baseline);
        Assert.NotEmpty(during);
        var engineBaseline = engine.WorstBetween(began + WarmUp, upgradeFrom);
        var engineDuring = engine.WorstBetween(upgradeFrom, upgradeTo);
        var engineSlowdown = engineDuring > engineBaseline ? engineDuring - engineBaseline : TimeSpan.Zero;
        output.WriteLine($"rolling upgrade of 3 silos took {upgrade.TotalSeconds:0.0} s; {final.Count} jobs (sleep {RunTime.TotalSeconds:0} s, one per {interval.TotalSeconds:0.0} s), all Succeeded in one attempt; " +
                         $"wait for a worker: baseline ({baselineClaims.Count} jobs) max {baselineClaims.Max().TotalSeconds:0.0} s, median {Median(baselineClaims).TotalSeconds:0.0} s; " +
                         $"during the upgrade ({duringClaims.Count} jobs) max {duringClaims.Max().TotalSeconds:0.0} s, median {Median(duringClaims).TotalSeconds:0.0} s; " +
                         $"wait for the container's start: baseline max {baseline.Max().TotalSeconds:0.0} s, median {Median(baseline).TotalSeconds:0.0} s; " +
                         $"during max {during.Max().TotalSeconds:0.0} s, median {Median(during).TotalSeconds:0.0} s; " +
                         $"the engine's own create+start: baseline worst {engineBaseline.TotalSeconds:0.0} s ({engine.CountBetween(began + WarmUp, upgradeFrom)} samples), " +
                         $"during worst {engineDuring.TotalSeconds:0.0} s ({engine.CountBetween(upgradeFrom, upgradeTo)} samples); test {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(duringClaims.Max() <= baselineClaims.Max() + ExtraWaitAllowed,
            $"a job waited {duringClaims.Max().TotalSeconds:0.0} s for a worker during the upgrade; without it the worst was {baselineClaims.Max().TotalSeconds:0.0} s (allowed: {ExtraWaitAllowed.TotalSeconds:0} s more)");
        Assert.True(during.Max() <= baseline.Max() + ExtraWaitAllowed + engineSlowdown,
            $"a job waited {during.Max().TotalSeconds:0.0} s for its container's start during the upgrade (its wait for a worker: at most " +
            $"{duringClaims.Max().TotalSeconds:0.0} s); without it the worst was {baseline.Max().TotalSeconds:0.0} s (allowed: {ExtraWaitAllowed.TotalSeconds:0} s more, " +
            $"plus the engine's own slowdown, {engineSlowdown.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task RollingRestart_TwoApiProcessesUnderARetryingClient_NothingLostNo500()
    {
        await using var run = await FaultCluster.StartAsync(fixture, output, silos: 1, settings: new Dictionary<string, string>
        {
            // Enough for this client, which follows no readiness; a load balancer needs its own probe period (default 5 s).
            ["Scheduler__Api__Shutdown__ReadinessDelay"] = "00:00:02",
        });
        await using var second = run.Cluster.NewApi("api-2");
        await second.StartAsync(TimeSpan.FromSeconds(60));
        await using var client = new SteadyClient([run.Cluster.Api.BaseAddress, second.BaseAddress], () => FaultCluster.Job("true"),
            TimeSpan.FromMilliseconds(500), read: true);
        await using var script = new RollingUpgradeScript(output);
        script.Add("api", run.Cluster.Api).Add("api", second);

        var clock = Stopwatch.StartNew();
        client.Start();
        await Task.Delay(WarmUp); // requests flowing to both before the first stop
        await script.RunAsync(ScriptTimeout, "--stop-timeout", "60", "--ready-timeout", "60");
        var restart = clock.Elapsed - WarmUp;
        await Task.Delay(AfterUpgrade);
        await client.StopAsync();

        Assert.True(client.Unexpected.Count == 0, "the client got answers it cannot retry (a 500, or an acknowledged job not found):" + Environment.NewLine +
            string.Join(Environment.NewLine, client.Unexpected) + Environment.NewLine + script.LogTails());
        foreach (var id in client.Acknowledged.Keys)
            run.Track(id);
        var final = await run.AssertInvariantsAsync(TerminalBudget);
        Assert.All(final.Values, j => Assert.Equal(JobState.Succeeded, j.State));
        output.WriteLine($"rolling restart of 2 API processes took {restart.TotalSeconds:0.0} s; {client.Acknowledged.Count} jobs acknowledged, all Succeeded; " +
                         $"the client retried {client.Unavailable} 503 answers and {client.ConnectionErrors} connection errors; test {clock.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>
    /// The steady client's pace: one job per <see cref="SubmitInterval"/>, or slower where this machine's engine keeps a
    /// slot busy so long per job that the workload would not fit the slots left while one silo is out. The question is
    /// what the upgrade adds to a job's wait; on a cluster already short of slots, a queue that grows with every
    /// second of any silo's absence would answer a different one (docs/upgrades.md: upgrade with a silo's worth of spare slots).
    /// A slot's time per job (claim → end) is measured on <see cref="ProbeJobs"/> jobs of the same kind, run at once;
    /// the pace keeps the slots of all silos but one at most <see cref="UtilisationDuringUpgrade"/> busy.
    /// </summary>
    private async Task<TimeSpan> PaceAsync(FaultCluster run)
    {
        var probes = await run.SubmitAllAsync([.. Enumerable.Range(0, ProbeJobs).Select(_ => FaultCluster.Job("sleep", "2"))]);
        var ended = await Task.WhenAll(probes.Select(p => run.Jobs.WaitForTerminalAsync(p.Id, TerminalBudget)));
        Assert.All(ended, j => Assert.Equal(JobState.Succeeded, j.State));
        var perJob = ended.Max(j => j.CurrentAttempt!.EndedAt!.Value - j.CurrentAttempt.ClaimedAt);
        var slotsLeft = (FaultSettings.Silos - 1) * FaultSettings.WorkerSlots;
        var interval = TimeSpan.FromSeconds(Math.Max(SubmitInterval.TotalSeconds, perJob.TotalSeconds / (slotsLeft * UtilisationDuringUpgrade)));
        output.WriteLine($"pace: a slot is busy up to {perJob.TotalSeconds:0.0} s per job here ({ProbeJobs} jobs at once); {slotsLeft} slots while a silo is out; one job per {interval.TotalSeconds:0.0} s");
        return interval;
    }

    private static List<TimeSpan> Waits(IReadOnlyDictionary<string, JobRecord> jobs, IEnumerable<string> ids) =>
        [.. ids.Select(id => jobs[id]).Select(j => (j.CurrentAttempt!.StartedAt ?? j.CurrentAttempt.ClaimedAt) - j.CreatedAt)];

    private static List<TimeSpan> ClaimWaits(IReadOnlyDictionary<string, JobRecord> jobs, IEnumerable<string> ids) =>
        [.. ids.Select(id => jobs[id]).Select(j => j.CurrentAttempt!.ClaimedAt - j.CreatedAt)];

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
