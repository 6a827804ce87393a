namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A named queue of ready jobs (key: queue name). It holds no durable state: the job grains are
/// the source of truth and re-enqueue themselves from their reminders after a queue is lost.
/// </summary>
[Alias("JobScheduler.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds a ready job; a job already waiting is not added twice.</summary>
    [Alias("Enqueue")]
    Task Enqueue(QueueEntry entry);

    /// <summary>
    /// Takes up to <paramref name="max"/> jobs in dispatch order for a worker. A worker that gets
    /// fewer than it asked for is remembered as idle and notified when work arrives.
    /// </summary>
    [Alias("Dequeue")]
    Task<IReadOnlyList<QueueEntry>> Dequeue(string worker, int max);

    /// <summary>Drops a job that no longer needs to run (e.g. cancelled).</summary>
    [Alias("Remove")]
    Task Remove(string jobId);

    /// <summary>How many jobs are waiting.</summary>
    [Alias("GetDepth")]
    Task<int> GetDepth();
}
