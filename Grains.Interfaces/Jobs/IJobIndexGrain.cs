namespace JobScheduler.Grains.Interfaces;

/// <summary>Reads the job listing index (Redis sorted sets in cluster mode, memory in embedded mode).</summary>
[Alias("JobScheduler.IJobIndexGrain")]
public interface IJobIndexGrain : IGrainWithIntegerKey
{
    /// <summary>One page of jobs matching the query, newest first.</summary>
    [Alias("Query")]
    Task<JobPage> Query(JobQuery query);

    /// <summary>Every queue that has held a job, by name.</summary>
    [Alias("Queues")]
    Task<IReadOnlyList<string>> Queues();

    /// <summary>How many of <paramref name="queue"/>'s jobs are in each state.</summary>
    [Alias("CountByState")]
    Task<IReadOnlyDictionary<JobState, long>> CountByState(string queue);
}
