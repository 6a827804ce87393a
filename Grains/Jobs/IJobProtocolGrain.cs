using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// The silo-internal protocol of the job grain (key: job id, implemented by the same grain class as
/// <see cref="IJobGrain"/>): the worker's claim, reports, heartbeats and adoption, submissions by schedules and
/// workflows, the deadline sweep's reconcile and the retention sweep's expiry. Messages about an attempt that is not
/// the current one are rejected. Lives in the Grains assembly so that services referencing only Grains.Interfaces
/// (the typed client, other services) cannot call it.
/// </summary>
[Alias("JobScheduler.IJobProtocolGrain")]
public interface IJobProtocolGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts a job on behalf of a schedule or workflow, which is told when the job ends. Idempotent like
    /// <see cref="IJobGrain.Submit"/>: parents derive the job id from what they run (occurrence, step), so a repeated
    /// call returns the existing job.
    /// </summary>
    [Alias("SubmitFor")]
    Task<JobRecord> SubmitFor(JobSpec spec, JobParent parent);

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
    /// Deletes the job (its state, logs and index entries) if it finished (Succeeded, Failed or Cancelled) at least
    /// <paramref name="retention"/> ago; a dead letter or an unfinished job is kept. Called by the retention sweep.
    /// </summary>
    /// <returns>True when the job was deleted.</returns>
    [Alias("Expire")]
    Task<bool> Expire(TimeSpan retention);
}
