using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Queues;

/// <summary>
/// The silo-internal protocol of a queue (key: queue name, implemented by the same grain class as
/// <see cref="IQueueGrain"/>): job grains enqueue and remove their jobs, workers dequeue, release and report what they
/// run. Lives in the Grains assembly so that services referencing only Grains.Interfaces cannot call it.
/// </summary>
[Alias("JobScheduler.IQueueProtocolGrain")]
public interface IQueueProtocolGrain : IGrainWithStringKey
{
    /// <summary>Adds a ready job; a job already waiting is not added twice. A job counted as running is no longer.</summary>
    [Alias("Enqueue")]
    Task Enqueue(QueueEntry entry);

    /// <summary>
    /// Takes up to <paramref name="max"/> jobs in dispatch order for a worker, within the queue's concurrency
    /// limit and the jobs' concurrency keys, and counts them as running. Nothing while paused. A worker that
    /// gets fewer than it asked for is remembered as idle and notified when work arrives.
    /// </summary>
    [Alias("Dequeue")]
    Task<QueueBatch> Dequeue(string worker, int max);

    /// <summary>Drops a job that no longer needs to run (e.g. cancelled).</summary>
    [Alias("Remove")]
    Task Remove(string jobId);

    /// <summary>
    /// A job <paramref name="worker"/> took stopped running (finished, or its claim was refused): its slot is free.
    /// Ignored when the queue counts the job against another worker.
    /// </summary>
    [Alias("Release")]
    Task Release(string jobId, string worker);

    /// <summary>
    /// A worker's heartbeat: the queue's jobs it runs now and the images it has. Running entries of that worker
    /// it no longer reports are released; those no worker reports for a while are dropped (their worker died).
    /// </summary>
    [OneWay, Alias("ReportRunning")]
    Task ReportRunning(string worker, IReadOnlyList<RunningJob> running, IReadOnlyList<string> images);
}
