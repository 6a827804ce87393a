using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Queues;

/// <summary>How many attempts held a slot at once: each counts from its claim to its end, as a queue counts it.</summary>
public static class AttemptOverlap
{
    /// <summary>The largest number of the jobs' attempts that were claimed and not yet ended at one instant.</summary>
    public static int Max(IEnumerable<JobRecord> jobs)
    {
        var edges = jobs.SelectMany(j => j.Attempts)
            .SelectMany(a => new[] { (At: a.ClaimedAt, Delta: 1), (At: a.EndedAt ?? DateTimeOffset.MaxValue, Delta: -1) })
            // At one instant an end frees its slot before a claim takes it.
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            current += delta;
            max = Math.Max(max, current);
        }
        return max;
    }
}
