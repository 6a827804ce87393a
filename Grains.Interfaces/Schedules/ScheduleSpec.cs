namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A cron schedule as a user writes it: when (cron expression and time zone), what (a job template) and what to do
/// with overlapping runs and missed occurrences. The REST body of <c>POST</c> and <c>PUT /api/v1/schedules</c>.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleSpec")]
public sealed record ScheduleSpec
{
    /// <summary>
    /// The cron expression: 5 fields (minute hour day-of-month month day-of-week), 6 fields (seconds first), or a
    /// macro such as <c>@hourly</c>. Required.
    /// </summary>
    [Id(0)] public string Cron { get; init; } = "";

    /// <summary>The IANA time zone the expression is read in, e.g. <c>Europe/Berlin</c>. Default: <c>UTC</c>.</summary>
    [Id(1)] public string TimeZone { get; init; } = DefaultTimeZone;

    /// <summary>
    /// The job each occurrence runs; <see cref="JobSpec.RunAt"/> must be absent (the occurrence decides). Exactly one of
    /// <see cref="Job"/> and <see cref="Workflow"/> is required.
    /// </summary>
    [Id(2)] public JobSpec? Job { get; init; }

    /// <summary>What happens when an occurrence comes while the previous run is still going. Default: <see cref="OverlapPolicy.Skip"/>.</summary>
    [Id(3)] public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    /// <summary>What happens to occurrences missed while the cluster was down. Default: <see cref="MisfirePolicy.RunOnce"/>.</summary>
    [Id(4)] public MisfirePolicy Misfire { get; init; } = MisfirePolicy.RunOnce;

    /// <summary>Free text for people; at most 1024 characters.</summary>
    [Id(5)] public string? Description { get; init; }

    /// <summary>
    /// The DAG workflow each occurrence starts, instead of a single job. Its id is derived from the occurrence as a job's
    /// would be (<see cref="ScheduleIds.JobIdFor"/>), so one occurrence starts one workflow.
    /// </summary>
    [Id(6)] public WorkflowSpec? Workflow { get; init; }

    /// <summary>The time zone used when a spec names none.</summary>
    public const string DefaultTimeZone = "UTC";
}
