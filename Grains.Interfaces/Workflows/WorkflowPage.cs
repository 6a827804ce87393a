namespace JobScheduler.Grains.Interfaces;

/// <summary>One page of the workflow listing.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowPage")]
public sealed record WorkflowPage
{
    /// <summary>The rows, newest first.</summary>
    [Id(0)] public IReadOnlyList<WorkflowSummary> Items { get; init; } = [];

    /// <summary>The page number returned.</summary>
    [Id(1)] public int Page { get; init; }

    /// <summary>The page size used.</summary>
    [Id(2)] public int PageSize { get; init; }

    /// <summary>How many workflows match the query in all.</summary>
    [Id(3)] public long Total { get; init; }
}
