namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The single owner of one job (key: job id): what clients may call. Every state change is persisted before any side
/// effect that depends on it. The silo-internal protocol of the same grain (the worker's claim, reports and heartbeats,
/// submissions by schedules and workflows, the deadline sweep's reconcile, the retention sweep's expiry) is
/// <c>IJobProtocolGrain</c> in the Grains assembly, which services that reference only this assembly cannot call.
/// </summary>
[Alias("JobScheduler.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the job. Idempotent: when the job already exists (same id, e.g. from the same
    /// idempotency key) the existing record is returned unchanged.
    /// </summary>
    /// <param name="spec">What to run.</param>
    /// <param name="idempotencyKey">The submission's idempotency key, kept with the job.</param>
    /// <param name="actor">Who submits it (recorded as <see cref="JobRecord.SubmittedBy"/>); null when unknown.</param>
    [Alias("Submit")]
    Task<JobRecord> Submit(JobSpec spec, string? idempotencyKey, string? actor = null);

    /// <summary>The job, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<JobRecord?> Get();

    /// <summary>
    /// Cancels the job: a waiting job never runs; a running job's container is killed and removed.
    /// Returns the record after the request (unchanged when already terminal), or null when unknown.
    /// </summary>
    /// <param name="actor">Who cancels (kept in the job's actions); null when unknown.</param>
    [Alias("Cancel")]
    Task<JobRecord?> Cancel(string? actor = null);

    /// <summary>The latest attempt's captured output, or null when no job has this id.</summary>
    [Alias("GetLogs")]
    Task<JobLogs?> GetLogs();

    /// <summary>
    /// Starts a failed or dead-lettered job again with the next attempt number and a fresh retry budget,
    /// keeping its history. Returns the record afterwards (unchanged when not requeueable), or null when unknown.
    /// </summary>
    /// <param name="actor">Who requeues (kept in the job's actions); null when unknown.</param>
    [Alias("Requeue")]
    Task<JobRecord?> Requeue(string? actor = null);

    /// <summary>Deletes a dead-lettered job and its history. False when the job is unknown or not dead-lettered.</summary>
    [Alias("DeleteDeadLetter")]
    Task<bool> DeleteDeadLetter();
}
