namespace JobScheduler.Grains.Interfaces;

/// <summary>A page over the schedule listing, newest first, optionally limited to schedules that use only some queues.</summary>
[GenerateSerializer, Alias("JobScheduler.ScheduleQuery")]
public sealed record ScheduleQuery
{
    /// <summary>1-based page number.</summary>
    [Id(0)] public int Page { get; init; } = 1;

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>.</summary>
    [Id(1)] public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// When set, only schedules whose template uses these queues alone (every queue of its job or workflow steps is one
    /// of them): a tenant's view. Null lists every schedule.
    /// </summary>
    [Id(2)] public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Rows per page when none is asked for.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The deepest page number accepted, so that (page - 1) × pageSize never overflows.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;
}
