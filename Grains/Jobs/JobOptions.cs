namespace JobScheduler.Grains.Jobs;

/// <summary>Defaults and timings of the job life cycle (<c>Scheduler:Jobs</c>).</summary>
public sealed class JobOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Jobs";

    /// <summary>Timeout of an attempt whose job names none. Default: 1 hour.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Period of each job's reminder: the safety net that re-enqueues a queued job whose queue was lost
    /// and notices a dead worker. Orleans' minimum is 1 minute. Default: 1 minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long before its run (or retry) time a waiting job takes its reminder. A job due later holds none: its
    /// deadline entry is set at its run time minus this horizon, and the deadline sweep's poke then registers the
    /// reminder and moves the entry to the run time, so Orleans' reminder table holds only the jobs due within the
    /// horizon (docs/architecture.md, "Wake-up rules"). Between 1 second and 3650 days. Default: 1 hour.
    /// </summary>
    public TimeSpan ReminderHorizon { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a queued job checks that its queue still holds it (a queue activation lost with its silo
    /// forgets its jobs; they put themselves back). Default: 30 seconds.
    /// </summary>
    public TimeSpan QueuedRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a finished job stays in its silo's memory for reads that follow its end, before it is read from
    /// storage instead. Default: zero, it leaves at once (a read from storage is one Redis round trip).
    /// </summary>
    public TimeSpan FinishedLinger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a finished job (Succeeded, Failed, Cancelled) is kept after it ended; then its state, logs and index
    /// entries are deleted together. Dead letters are kept until they are requeued or deleted. Default: 7 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo looks for finished jobs past their retention. Default: 1 minute.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many expired jobs one sweep deletes at most, per finished state; a backlog (after lowering the retention)
    /// is worked off batch by batch, one per sweep interval. Default: 500.
    /// </summary>
    public int RetentionBatchSize { get; set; } = 500;
}
