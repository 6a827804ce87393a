namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A cron schedule (key: schedule id): creates one job per occurrence, with the id
/// <see cref="ScheduleIds.JobIdFor"/>, so a duplicated tick can never create two jobs for one occurrence. This is what
/// clients may call; the silo-internal protocol of the same grain is <c>IScheduleProtocolGrain</c> (the catalog's
/// wake-up) and <c>IJobParentGrain</c> (job ends), both in the Grains assembly.
/// </summary>
[Alias("JobScheduler.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and stores the schedule and arms its next occurrence. Idempotent: when the schedule already exists
    /// it is returned unchanged.
    /// </summary>
    [Alias("Create")]
    Task<ScheduleWriteResult> Create(ScheduleSpec spec);

    /// <summary>
    /// Validates and stores the schedule on behalf of <paramref name="actor"/> (recorded as
    /// <see cref="ScheduleRecord.CreatedBy"/>) and arms its next occurrence. With a <paramref name="quota"/>, the
    /// schedule is listed only if the actor holds fewer than its maximum, and otherwise nothing is stored. Idempotent:
    /// when the schedule already exists it is returned unchanged.
    /// </summary>
    /// <exception cref="AdmissionRejectedException">The actor already holds <see cref="ScheduleQuota.MaxSchedules"/> schedules (limit <see cref="ScheduleQuota.Limit"/>).</exception>
    [Alias("CreateFor")]
    Task<ScheduleWriteResult> Create(ScheduleSpec spec, string? actor, ScheduleQuota? quota);

    /// <summary>
    /// Replaces the spec (keeping the id and the history) and recomputes the next occurrence from now. Null when the
    /// schedule is unknown.
    /// </summary>
    [Alias("Update")]
    Task<ScheduleWriteResult?> Update(ScheduleSpec spec);

    /// <summary>The schedule with its next <paramref name="nextOccurrences"/> occurrences, or null when unknown.</summary>
    [Alias("Get")]
    Task<ScheduleRecord?> Get(int nextOccurrences);

    /// <summary>Deletes the schedule and its reminder; jobs it already created keep running. False when unknown.</summary>
    [Alias("Delete")]
    Task<bool> Delete();

    /// <summary>Pauses the schedule (idempotent). Null when unknown.</summary>
    [Alias("Pause")]
    Task<ScheduleRecord?> Pause();

    /// <summary>Resumes the schedule from now (idempotent): occurrences during the pause are not run. Null when unknown.</summary>
    [Alias("Resume")]
    Task<ScheduleRecord?> Resume();

    /// <summary>
    /// Runs the template (job or workflow) now as the occurrence <paramref name="occurrence"/> (the trigger time),
    /// whatever the overlap policy and even while paused. Idempotent per occurrence: a second call with the same time
    /// returns the same job or workflow. Null when the schedule is unknown.
    /// </summary>
    /// <remarks>A run the server or the queue refuses is recorded as failed and answered with <see cref="ScheduleTriggered.Refused"/>.</remarks>
    /// <exception cref="TimeoutException">The job or workflow could not be started now; the schedule starts it on its next check.</exception>
    [Alias("Trigger")]
    Task<ScheduleTriggered?> Trigger(DateTimeOffset occurrence);
}
