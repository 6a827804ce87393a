namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Everything known about a schedule: its spec, whether it is paused, its next occurrence and its recent runs. The
/// schedule grain persists this record (as JSON); <c>GET /api/v1/schedules/{id}</c> returns it with
/// <see cref="NextOccurrences"/> filled in.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleRecord")]
public sealed record ScheduleRecord
{
    [Id(7)] private readonly ScheduleRun[] _runs = [];
    [Id(9)] private readonly DateTimeOffset[] _nextOccurrences = [];

    /// <summary>Most runs kept in <see cref="Runs"/>.</summary>
    public const int MaxRuns = 50;

    /// <summary>The schedule id (also the schedule grain's key).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The schedule as last created or replaced.</summary>
    [Id(1)] public required ScheduleSpec Spec { get; init; }

    /// <summary>True while paused: no occurrence runs, and occurrences during the pause are not run later.</summary>
    [Id(2)] public bool Paused { get; init; }

    /// <summary>When the schedule was created.</summary>
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its spec or paused flag last changed.</summary>
    [Id(4)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The next occurrence the schedule will act on (in its time zone's offset); null when paused or when the expression has no future occurrence.</summary>
    [Id(5)] public DateTimeOffset? NextOccurrence { get; init; }

    /// <summary>The last cron occurrence the schedule acted on (ran or skipped); manual triggers do not move it.</summary>
    [Id(6)] public DateTimeOffset? LastOccurrence { get; init; }

    /// <summary>The newest runs first, at most <see cref="MaxRuns"/>.</summary>
    public IReadOnlyList<ScheduleRun> Runs
    {
        get => _runs;
        init => _runs = value?.ToArray() ?? [];
    }

    /// <summary>An occurrence held by the <see cref="OverlapPolicy.Queue"/> policy until the previous run ends; null otherwise.</summary>
    [Id(8)] public DateTimeOffset? QueuedOccurrence { get; init; }

    /// <summary>The next occurrences after now (as many as asked for when read); empty when paused and in stored state.</summary>
    public IReadOnlyList<DateTimeOffset> NextOccurrences
    {
        get => _nextOccurrences;
        init => _nextOccurrences = value?.ToArray() ?? [];
    }

    /// <summary>
    /// Who created the schedule (the API's principal, e.g. <c>key:{keyId}</c>); null when created without one (the
    /// typed client without an actor, or before this was recorded). A creator's schedules count towards its quota.
    /// </summary>
    [Id(10)] public string? CreatedBy { get; init; }
}
