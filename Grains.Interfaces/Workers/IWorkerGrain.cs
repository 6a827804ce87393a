using Orleans.Concurrency;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The worker of one silo (key: the silo's address), always activated on that silo. It fronts the
/// silo's container runner, which runs containers in the background, never inside a grain call.
/// </summary>
[Alias("JobScheduler.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Tells the worker a queue has work; it pulls when it has a free slot.</summary>
    [OneWay, Alias("NotifyWorkAvailable")]
    Task NotifyWorkAvailable(string queue);

    /// <summary>Kills and removes the container of the given attempt, if this worker runs it; returns once it is gone.</summary>
    [Alias("CancelAttempt")]
    Task CancelAttempt(string jobId, int attempt);

    /// <summary>The captured output so far of a running attempt, or null when this worker does not run it.</summary>
    [Alias("GetLiveLogs")]
    Task<JobLogs?> GetLiveLogs(string jobId, int attempt);

    /// <summary>
    /// The running attempt's output, line by line: the lines kept so far, then each one as the container writes it;
    /// the enumeration ends once the attempt's result is reported (the job's state is then the outcome). A follower
    /// that falls too far behind gets a last <see cref="LogStream.Dropped"/> item instead of slowing the container.
    /// Empty when this worker does not run that attempt.
    /// </summary>
    [Alias("FollowLogs")]
    IAsyncEnumerable<LogLine> FollowLogs(string jobId, int attempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops taking new work (<paramref name="draining"/> true), so the silo can be taken down without failing
    /// jobs: running jobs finish. False takes work again. Not persisted: a restarted silo is a new worker.
    /// </summary>
    [Alias("SetDraining")]
    Task<WorkerStatus> SetDraining(bool draining);

    /// <summary>Slots, running jobs and health of this worker.</summary>
    [Alias("GetStatus")]
    Task<WorkerStatus> GetStatus();
}
