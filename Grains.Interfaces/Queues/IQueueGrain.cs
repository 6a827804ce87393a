namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A named queue (key: queue name): its ready jobs in dispatch order, the jobs it dispatched that still run
/// (for its concurrency limit and concurrency keys), and its persisted settings. Ready and running jobs are
/// held in memory only: the job grains are the source of truth and re-enqueue themselves from their reminders
/// after a queue is lost, and the workers report what they run every heartbeat. This is what clients may call; the
/// silo-internal protocol of the same grain (enqueue, dequeue, release, running reports) is <c>IQueueProtocolGrain</c>
/// in the Grains assembly.
/// </summary>
[Alias("JobScheduler.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
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
