namespace JobScheduler.Grains.Interfaces;

/// <summary>Classifies <see cref="JobState"/> values.</summary>
public static class JobStateExtensions
{
    /// <summary>True for the states a job leaves only by an explicit requeue: succeeded, failed, cancelled, dead-lettered.</summary>
    public static bool IsTerminal(this JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.DeadLettered;

    /// <summary>True for the states a requeue can start again from: failed and dead-lettered.</summary>
    public static bool IsRequeueable(this JobState state) =>
        state is JobState.Failed or JobState.DeadLettered;

    /// <summary>True for the states of a job that waits to run: scheduled, queued, retry-waiting (what admission limits count).</summary>
    public static bool IsWaiting(this JobState state) =>
        state is JobState.Scheduled or JobState.Queued or JobState.RetryWaiting;

    /// <summary>How many jobs of counts by state wait to run (<see cref="IsWaiting"/>).</summary>
    public static long Waiting(this IReadOnlyDictionary<JobState, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Where(c => c.Key.IsWaiting()).Sum(c => c.Value);
    }
}
