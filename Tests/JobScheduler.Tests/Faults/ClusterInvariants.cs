using Docker.DotNet.Models;
using System.Diagnostics;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// What every fault test ends with — the scheduler's promise, checked for every job the test submitted:
/// exactly one terminal state (reached within the budget, and kept), attempts numbered 1..n without gaps and all
/// closed, at most one accepted success (and the job is <c>Succeeded</c> exactly when there is one), and no
/// container of those jobs left running.
/// </summary>
public static class ClusterInvariants
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ContainerRemovalAllowance = TimeSpan.FromSeconds(15);
    private const int ViolationsShown = 30;

    /// <summary>Checks the invariants; returns the jobs' final records for the test's own assertions.</summary>
    public static async Task<IReadOnlyDictionary<string, JobRecord>> AssertAsync(FaultCluster run, IReadOnlyCollection<string> jobIds, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var final = await WaitForTerminalAsync(run, jobIds, budget);

        var violations = new List<string>();
        foreach (var job in final.Values)
            violations.AddRange(Check(job));
        Fail(run, violations, "the jobs' records break the invariants");

        // The scheduler removes a finished job's container shortly after recording the result.
        var removalDeadline = DateTimeOffset.UtcNow + ContainerRemovalAllowance;
        IReadOnlyList<ContainerListResponse> running;
        while ((running = await run.Containers.ListAsync(jobIds)).Count > 0 && DateTimeOffset.UtcNow < removalDeadline)
            await Task.Delay(PollInterval);
        Fail(run, running.Select(c => $"container {c.ID[..12]} still running: {string.Join(", ", c.Labels.Select(l => $"{l.Key}={l.Value}"))}").ToList(),
            $"containers of the test's jobs still run {ContainerRemovalAllowance.TotalSeconds:0} s after every job was terminal");

        // Exactly one terminal state: read again, after the container check; nothing may have moved on.
        var again = await run.ReadAllAsync(final.Keys);
        Fail(run, final.Values
            .Where(job => !again.TryGetValue(job.Id, out var now) || now.State != job.State || now.Attempts.Count != job.Attempts.Count)
            .Select(job => $"{job.Id}: was {job.State} with {job.Attempts.Count} attempt(s), then " +
                           (again.TryGetValue(job.Id, out var now) ? $"{now.State} with {now.Attempts.Count}" : "unreadable"))
            .ToList(), "a terminal job changed afterwards");

        var states = string.Join(", ", final.Values.GroupBy(j => j.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        run.Output.WriteLine($"invariants hold for {final.Count} jobs ({states}), checked in {clock.Elapsed.TotalSeconds:0.0} s");
        return final;
    }

    /// <summary>Polls until every job is terminal; fails naming the stragglers (and the unknown: lost jobs).</summary>
    public static async Task<IReadOnlyDictionary<string, JobRecord>> WaitForTerminalAsync(FaultCluster run, IReadOnlyCollection<string> jobIds, TimeSpan budget)
    {
        var deadline = DateTimeOffset.UtcNow + budget;
        var final = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        var pending = jobIds.ToHashSet(StringComparer.Ordinal);
        IReadOnlyDictionary<string, JobRecord> seen = new Dictionary<string, JobRecord>();
        while (true)
        {
            seen = await run.ReadAllAsync(pending);
            foreach (var job in seen.Values.Where(j => j.State.IsTerminal()))
            {
                final[job.Id] = job;
                pending.Remove(job.Id);
            }
            if (pending.Count == 0)
                return final;
            if (DateTimeOffset.UtcNow >= deadline)
                break;
            await Task.Delay(PollInterval);
        }
        // The engine's view of the stragglers' containers tells a stuck worker from a stuck engine.
        var containers = (await run.Containers.ListAsync(pending, runningOnly: false))
            .ToLookup(c => JobContainers.Identify(c).JobId, c => $"container {c.ID[..12]} {c.State} ({c.Status})", StringComparer.Ordinal);
        run.Output.WriteLine($"at the deadline: queue {await ReadQuietlyAsync(run, "/api/v1/queues/default")}");
        run.Output.WriteLine($"at the deadline: workers {await ReadQuietlyAsync(run, "/api/v1/workers")}");
        Fail(run, pending.Select(id => (seen.TryGetValue(id, out var job)
                ? $"{id}: still {job.State} (attempt {job.CurrentAttempt?.Number}, worker {job.CurrentAttempt?.Worker}, lease until {job.CurrentAttempt?.LeaseExpiresAt:O})"
                : $"{id}: unknown or unreadable (lost?)") + (containers[id].Any() ? "; " + string.Join("; ", containers[id]) : "; no container")).ToList(),
            $"{pending.Count} of {jobIds.Count} jobs are not terminal {budget.TotalSeconds:0} s later");
        return final;
    }

    // What the API says about a resource, for a failure's diagnostics; never throws.
    private static async Task<string> ReadQuietlyAsync(FaultCluster run, string path)
    {
        try
        {
            return await run.Http.GetStringAsync(path);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"unreadable: {e.Message}";
        }
    }

    /// <summary>The invariants of one terminal job's record.</summary>
    public static IEnumerable<string> Check(JobRecord job)
    {
        if (!job.State.IsTerminal())
            yield return $"{job.Id}: not terminal ({job.State})";
        var numbers = job.Attempts.Select(a => a.Number).ToArray();
        if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Length)))
            yield return $"{job.Id}: attempts numbered [{string.Join(", ", numbers)}], not 1..{numbers.Length}";
        foreach (var open in job.Attempts.Where(a => a.EndedAt is null))
            yield return $"{job.Id}: attempt {open.Number} never ended, yet the job is {job.State}";
        var successes = job.Attempts.Where(IsSuccess).ToArray();
        if (successes.Length > 1)
            yield return $"{job.Id}: {successes.Length} accepted successes (attempts {string.Join(", ", successes.Select(a => a.Number))})";
        if (job.State == JobState.Succeeded && (successes.Length != 1 || !IsSuccess(job.CurrentAttempt!)))
            yield return $"{job.Id}: Succeeded, but its last attempt is not its one success";
        if (job.State != JobState.Succeeded && successes.Length > 0)
            yield return $"{job.Id}: {job.State}, yet attempt {successes[0].Number} was accepted as a success";
    }

    /// <summary>An accepted success: exit code 0 and no failure reason.</summary>
    public static bool IsSuccess(JobAttempt attempt) => attempt.ExitCode == 0 && attempt.FailureReason is null;

    private static void Fail(FaultCluster run, IReadOnlyList<string> violations, string what)
    {
        if (violations.Count == 0)
            return;
        var shown = string.Join(Environment.NewLine, violations.Take(ViolationsShown));
        var more = violations.Count > ViolationsShown ? $"{Environment.NewLine}... and {violations.Count - ViolationsShown} more" : "";
        Assert.Fail($"Invariant broken: {what}:{Environment.NewLine}{shown}{more}{Environment.NewLine}{run.Cluster.Diagnostics}");
    }
}
