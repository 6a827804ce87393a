using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The listing index: written by the job grain on every state change, read by <see cref="IJobIndexGrain"/>.
/// Redis sorted sets in cluster mode; memory in embedded mode.
/// </summary>
public interface IJobIndex
{
    /// <summary>
    /// Records the job's current summary, moving it out of <paramref name="previousState"/>'s set. With an
    /// <paramref name="owner"/> (who submitted it), the owner's counts by state move with the queue's. The
    /// <paramref name="change"/>, if any, joins the event log in the same unit, and only if the state set changed, so a
    /// repeated record adds no second event.
    /// </summary>
    Task RecordAsync(JobSummary job, JobState? previousState, string? owner = null, SchedulerEvent? change = null);

    /// <summary>Removes the job from every set of the index (a deleted dead letter, an expired job), and from its owner's counts.</summary>
    Task RemoveAsync(JobSummary job, string? owner = null);

    /// <summary>How many of <paramref name="owner"/>'s jobs are in each state (every state present, zeros included).</summary>
    Task<IReadOnlyDictionary<JobState, long>> CountByOwnerAsync(string owner);

    /// <summary>Lists <paramref name="queue"/> among the queues even before it holds a job (its settings were set).</summary>
    Task RecordQueueAsync(string queue);

    /// <summary>Every queue that has held a job or has settings, by name.</summary>
    Task<IReadOnlyList<string>> QueuesAsync();

    /// <summary>How many of <paramref name="queue"/>'s jobs are in each state (every state present, zeros included).</summary>
    Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(string queue);

    /// <summary>
    /// When the longest-waiting of <paramref name="queue"/>'s ready (<see cref="JobState.Queued"/>) jobs became ready (its
    /// summary's <see cref="JobSummary.UpdatedAt"/> at the transition), or null when none is ready. O(log n): the
    /// lowest entry of a set kept with every transition, never a scan.
    /// </summary>
    Task<DateTimeOffset?> OldestReadySinceAsync(string queue);

    /// <summary>One page of jobs matching the query, newest (by <see cref="JobSummary.CreatedAt"/>) first.</summary>
    Task<JobPage> QueryAsync(JobQuery query);

    /// <summary>
    /// Up to <paramref name="count"/> jobs in <paramref name="state"/> created at or before <paramref name="createdBefore"/>,
    /// oldest first, skipping the first <paramref name="offset"/>: what the retention sweep pages through.
    /// </summary>
    Task<IReadOnlyList<JobSummary>> OldestAsync(JobState state, DateTimeOffset createdBefore, long offset, int count);
}
