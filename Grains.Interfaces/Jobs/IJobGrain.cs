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
    /// <param name="spec">What to run.</param>
    /// <param name="idempotencyKey">The submission's idempotency key, kept with the job.</param>
    /// <param name="actor">Who submits it (recorded as <see cref="JobRecord.SubmittedBy"/>); null when unknown.</param>
    [Alias("Submit")]
    Task<JobRecord> Submit(JobSpec spec, string? idempotencyKey, string? actor = null);

    /// <summary>
    /// Accepts a job on behalf of a schedule or workflow, which is told when the job ends. Idempotent like
    /// <see cref="Submit"/>: parents derive the job id from what they run (occurrence, step), so a repeated
    /// call returns the existing job.
    /// </summary>
    [Alias("SubmitFor")]
    Task<JobRecord> SubmitFor(JobSpec spec, JobParent parent);

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

    /// <summary>
    /// The worker running the attempt renews its lease. False when the attempt is no longer current:
    /// the worker must then kill its container.
    /// </summary>
    [Alias("Heartbeat")]
    Task<bool> Heartbeat(int attempt);

    /// <summary>
    /// A worker found the attempt's container still running after its silo restarted and asks to take it
    /// over. True when the attempt is still current (the worker then follows it to its end); false when
    /// it is stale (the worker kills and removes the container).
    /// </summary>
    [Alias("Adopt")]
    Task<bool> Adopt(int attempt, string worker);

    /// <summary>
    /// Re-examines the job against its persisted state and the clock, as a reminder tick does: enqueue
    /// what is due, fail an attempt whose lease expired. Idempotent; the deadline sweep calls it.
    /// </summary>
    [Alias("Reconcile")]
    Task Reconcile();

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

    /// <summary>
    /// Deletes the job (its state, logs and index entries) if it finished (Succeeded, Failed or Cancelled) at least
    /// <paramref name="retention"/> ago; a dead letter or an unfinished job is kept. Called by the retention sweep.
    /// </summary>
    /// <returns>True when the job was deleted.</returns>
    [Alias("Expire")]
    Task<bool> Expire(TimeSpan retention);
}
