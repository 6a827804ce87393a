using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// What the schedule catalog keeps per schedule, so that it can page, filter by queue and count a principal's
/// schedules without asking each schedule grain.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleCatalogEntry")]
public sealed record ScheduleCatalogEntry
{
    /// <summary>The schedule id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Who created the schedule (<see cref="ScheduleRecord.CreatedBy"/>); null when not recorded. Quotas count by it.</summary>
    [Id(1)] public string? Owner { get; init; }

    /// <summary>The queues its template uses (its job's queue, or every step's), distinct and sorted.</summary>
    [Id(2)] public IReadOnlyList<string> Queues { get; init; } = [];
}
