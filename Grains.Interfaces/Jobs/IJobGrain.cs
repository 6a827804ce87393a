namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The single owner of one job (key: job id). Every state change is persisted before any side
/// effect that depends on it; messages about an attempt that is not the current one are rejected.
/// </summary>
[Alias("JobScheduler.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the job. Idempotent: when the job already exists (same id, e.g. from the same
    /// idempotency key) the existing record is returned unchanged.
    /// </summary>
    [Alias("Submit")]
    Task<JobRecord> Submit(JobSpec spec, string? idempotencyKey);

    /// <summary>The job, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<JobRecord?> Get();

    /// <summary>
    /// Cancels the job: a waiting job never runs; a running job's container is killed and removed.
    /// Returns the record after the request (unchanged when already terminal), or null when unknown.
    /// </summary>
    [Alias("Cancel")]
    Task<JobRecord?> Cancel();

    /// <summary>The latest attempt's captured output, or null when no job has this id.</summary>
    [Alias("GetLogs")]
    Task<JobLogs?> GetLogs();

    /// <summary>
    /// Called by a worker that dequeued the job: starts a new attempt if the job is still queued.
    /// Returns null when the job is no longer waiting (cancelled, already claimed).
    /// </summary>
    [Alias("Claim")]
    Task<DispatchTicket?> Claim(string worker);

    /// <summary>The worker reports that the attempt's container started. False when the attempt is stale.</summary>
    [Alias("ReportStarted")]
    Task<bool> ReportStarted(int attempt, string containerId, DateTimeOffset startedAt);

    /// <summary>The worker reports how the attempt ended. False when the attempt is stale (the result is ignored).</summary>
    [Alias("ReportResult")]
    Task<bool> ReportResult(AttemptResult result);
}
