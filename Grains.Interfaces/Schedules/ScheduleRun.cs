namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// One entry of a schedule's history: an occurrence that started a job, or one (or several missed ones) that did not.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleRun")]
public sealed record ScheduleRun
{
    /// <summary>
    /// The occurrence, in the schedule's time zone offset. For a manual trigger, the trigger time; for a summary of
    /// missed occurrences, the latest of them.
    /// </summary>
    [Id(0)] public required DateTimeOffset Occurrence { get; init; }

    /// <summary>What made it run or skip.</summary>
    [Id(1)] public required ScheduleRunKind Kind { get; init; }

    /// <summary>
    /// The job started for it (derived from the schedule id and the occurrence); null when skipped, when the schedule
    /// starts workflows, or when the job could not start (the server or its queue refused the template; see <see cref="Detail"/>).
    /// </summary>
    [Id(2)] public string? JobId { get; init; }

    /// <summary>The workflow started for it, when the schedule's template is a workflow (same id rule as <see cref="JobId"/>).</summary>
    [Id(10)] public string? WorkflowId { get; init; }

    /// <summary>
    /// The job's last known state (<c>Queued</c> once submitted, then its terminal state); null when skipped. For a
    /// workflow: <c>Queued</c> once started, then <c>Succeeded</c>, <c>Failed</c> or <c>Cancelled</c>. <c>Failed</c>,
    /// without a job, when the run could not start.
    /// </summary>
    [Id(3)] public JobState? State { get; init; }

    /// <summary>Why no job ran; null when one did.</summary>
    [Id(4)] public ScheduleSkipReason? Skipped { get; init; }

    /// <summary>How many occurrences this entry stands for: 1, or the number missed for a misfire summary or a catch-up run.</summary>
    [Id(5)] public int Occurrences { get; init; } = 1;

    /// <summary>When the schedule acted on it (submitted the job or decided to skip).</summary>
    [Id(6)] public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>When the job reached its terminal state, once known.</summary>
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The job's last exit code, once it ended with one.</summary>
    [Id(8)] public int? ExitCode { get; init; }

    /// <summary>Details for people: why it was skipped, which occurrences were missed, the job's failure reason.</summary>
    [Id(9)] public string? Detail { get; init; }
}
