namespace JobScheduler.Grains.Interfaces;

/// <summary>A schedule as listed by <c>GET /api/v1/schedules</c>.</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleSummary")]
public sealed record ScheduleSummary
{
    /// <summary>The schedule id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Its cron expression.</summary>
    [Id(1)] public required string Cron { get; init; }

    /// <summary>The time zone the expression is read in.</summary>
    [Id(2)] public required string TimeZone { get; init; }

    /// <summary>Whether it is paused.</summary>
    [Id(3)] public bool Paused { get; init; }

    /// <summary>Its next occurrence; null when paused or when there is none.</summary>
    [Id(4)] public DateTimeOffset? NextOccurrence { get; init; }

    /// <summary>Its description, if any.</summary>
    [Id(5)] public string? Description { get; init; }

    /// <summary>Who created it; null when not recorded.</summary>
    [Id(6)] public string? CreatedBy { get; init; }

    /// <summary>The summary of <paramref name="schedule"/>.</summary>
    public static ScheduleSummary From(ScheduleRecord schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new()
        {
            Id = schedule.Id,
            Cron = schedule.Spec.Cron,
            TimeZone = schedule.Spec.TimeZone,
            Paused = schedule.Paused,
            NextOccurrence = schedule.NextOccurrence,
            Description = schedule.Spec.Description,
            CreatedBy = schedule.CreatedBy,
        };
    }
}
