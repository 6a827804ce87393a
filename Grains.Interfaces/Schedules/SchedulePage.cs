namespace JobScheduler.Grains.Interfaces;

/// <summary>One page of the schedule listing (<c>GET /api/v1/schedules</c>).</summary>
[GenerateSerializer, Alias("JobScheduler.SchedulePage")]
public sealed record SchedulePage
{
    /// <summary>The schedules, newest first (the most recently created first).</summary>
    [Id(0)] public IReadOnlyList<ScheduleSummary> Items { get; init; } = [];

    /// <summary>The page number returned.</summary>
    [Id(1)] public int Page { get; init; }

    /// <summary>The page size used.</summary>
    [Id(2)] public int PageSize { get; init; }

    /// <summary>How many schedules the caller may list in all.</summary>
    [Id(3)] public long Total { get; init; }
}
