using Orleans.Concurrency;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A named queue (key: queue name): its ready jobs in dispatch order, the jobs it dispatched that still run
/// (for its concurrency limit and concurrency keys), and its persisted settings. Ready and running jobs are
/// held in memory only: the job grains are the source of truth and re-enqueue themselves from their reminders
/// after a queue is lost, and the workers report what they run every heartbeat.
/// </summary>
[Alias("JobScheduler.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
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

    /// <summary>How many jobs are waiting.</summary>
    [Alias("GetDepth")]
    Task<int> GetDepth();

    /// <summary>The queue's settings.</summary>
    [Alias("GetSettings")]
    Task<QueueSettings> GetSettings();

    /// <summary>Replaces the queue's settings (persisted). The caller validates them first.</summary>
    /// <exception cref="JobValidationException">The default resources are above the server's maxima; nothing was changed.</exception>
    [Alias("UpdateSettings")]
    Task<QueueStatus> UpdateSettings(QueueSettings settings);

    /// <summary>Pauses (no new dispatches; running jobs go on) or resumes the queue (persisted).</summary>
    [Alias("SetPaused")]
    Task<QueueStatus> SetPaused(bool paused);

    /// <summary>Settings, paused flag, ready and running counts.</summary>
    [Alias("GetStatus")]
    Task<QueueStatus> GetStatus();
}
