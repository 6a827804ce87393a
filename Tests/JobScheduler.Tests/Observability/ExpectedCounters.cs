using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Observability;

/// <summary>
/// What the <c>JobScheduler</c> counters of one queue must read, computed from what happened: the final job records
/// (their state and every attempt's end). Keys are label values, e.g. a final state or a failure-reason code.
/// </summary>
public sealed record ExpectedCounters
{
    /// <summary>Jobs accepted.</summary>
    public required long Submitted { get; init; }

    /// <summary>Attempts claimed.</summary>
    public required long Started { get; init; }

    /// <summary>Jobs by final state label (<c>succeeded</c>, <c>failed</c>, <c>dead_lettered</c>, ...).</summary>
    public required IReadOnlyDictionary<string, long> FinishedByState { get; init; }

    /// <summary>Failed attempts that were retried, by failure-reason code.</summary>
    public required IReadOnlyDictionary<string, long> RetriesByReason { get; init; }

    /// <summary>Jobs dead-lettered.</summary>
    public required long DeadLettered { get; init; }

    /// <summary>Ended attempts by outcome (<c>succeeded</c> or the failure-reason code).</summary>
    public required IReadOnlyDictionary<string, long> AttemptsByOutcome { get; init; }

    /// <summary>Jobs whose first attempt started a container (the queue-wait histogram's count).</summary>
    public required long FirstContainerStarts { get; init; }

    /// <summary>From final records: every job terminal, each attempt ended.</summary>
    public static ExpectedCounters Of(IReadOnlyCollection<JobRecord> jobs)
    {
        var attempts = jobs.SelectMany(j => j.Attempts.Select((a, i) => (Job: j, Attempt: a, Last: i == j.Attempts.Count - 1))).ToArray();
        return new ExpectedCounters
        {
            Submitted = jobs.Count,
            Started = attempts.Length,
            FinishedByState = Count(jobs.Select(j => StateLabel(j.State))),
            // Every failed attempt but a job's last one was followed by a retry wait.
            RetriesByReason = Count(attempts.Where(a => !a.Last).Select(a => Outcome(a.Attempt))),
            DeadLettered = jobs.Count(j => j.State == JobState.DeadLettered),
            AttemptsByOutcome = Count(attempts.Select(a => Outcome(a.Attempt))),
            FirstContainerStarts = jobs.Count(j => j.Attempts.Count > 0 && j.Attempts[0].StartedAt is not null),
        };
    }

    /// <summary>An attempt's outcome label: <c>succeeded</c>, or its failure reason's code (the part before ':').</summary>
    public static string Outcome(JobAttempt attempt) =>
        attempt.FailureReason is null && attempt.ExitCode == 0 ? "succeeded" : FailureReasons.CodeOf(attempt.FailureReason ?? FailureReasons.NonZeroExit);

    private static string StateLabel(JobState state) => state == JobState.DeadLettered ? "dead_lettered" : state.ToString().ToLowerInvariant();

    private static Dictionary<string, long> Count(IEnumerable<string> labels) =>
        labels.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
