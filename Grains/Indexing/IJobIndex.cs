using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The listing index: written by the job grain on every state change, read by <see cref="IJobIndexGrain"/>.
/// Redis sorted sets in cluster mode; memory in embedded mode.
/// </summary>
public interface IJobIndex
{
    /// <summary>Records the job's current summary, moving it out of <paramref name="previousState"/>'s set.</summary>
    Task RecordAsync(JobSummary job, JobState? previousState);

    /// <summary>Removes the job from every set of the index (a deleted dead letter).</summary>
    Task RemoveAsync(JobSummary job);

    /// <summary>One page of jobs matching the query, newest (by <see cref="JobSummary.CreatedAt"/>) first.</summary>
    Task<JobPage> QueryAsync(JobQuery query);
}
