namespace JobScheduler.Grains.Interfaces;

/// <summary>One page of a job listing.</summary>
[GenerateSerializer, Alias("JobScheduler.JobPage")]
public sealed record JobPage
{
    /// <summary>The rows, newest first.</summary>
    [Id(0)] public IReadOnlyList<JobSummary> Items { get; init; } = [];

    /// <summary>The page number returned.</summary>
    [Id(1)] public int Page { get; init; }

    /// <summary>The page size used.</summary>
    [Id(2)] public int PageSize { get; init; }

    /// <summary>How many jobs match the filter in all.</summary>
    [Id(3)] public long Total { get; init; }
}
