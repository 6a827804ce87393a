namespace JobScheduler.Grains.Interfaces;

/// <summary>A filter and page over the job listing. Filters combine with AND; results are newest first.</summary>
[GenerateSerializer, Alias("JobScheduler.JobQuery")]
public sealed record JobQuery
{
    /// <summary>Only jobs in this state.</summary>
    [Id(0)] public JobState? State { get; init; }

    /// <summary>Only jobs of this queue.</summary>
    [Id(1)] public string? Queue { get; init; }

    /// <summary>Only jobs carrying this label key...</summary>
    [Id(2)] public string? LabelKey { get; init; }

    /// <summary>...with this value.</summary>
    [Id(3)] public string? LabelValue { get; init; }

    /// <summary>1-based page number.</summary>
    [Id(4)] public int Page { get; init; } = 1;

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>.</summary>
    [Id(5)] public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Rows per page when none is asked for.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;
}
