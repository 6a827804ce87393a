namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The worker of one silo (key: the silo's address), always activated on that silo. It fronts the
/// silo's container runner, which runs containers in the background, never inside a grain call. This is what clients
/// may call; the silo-internal protocol of the same grain (work nudges, attempt cancels, live output for the job grain)
/// is <c>IWorkerProtocolGrain</c> in the Grains assembly.
/// </summary>
[Alias("JobScheduler.IWorkerGrain")]
public interface IWorkerGrain : IGrainWithStringKey
{
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
