namespace JobScheduler.Grains.Interfaces;

/// <summary>A page over the workflow listing, newest first, optionally one state only and a tenant's queues only.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowQuery")]
public sealed record WorkflowQuery
{
    /// <summary>1-based page number.</summary>
    [Id(0)] public int Page { get; init; } = 1;

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>.</summary>
    [Id(1)] public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Only workflows in this state; null for every state.</summary>
    [Id(2)] public WorkflowState? State { get; init; }

    /// <summary>
    /// When set, only workflows whose steps all run in these queues (a tenant's view, the rule of
    /// <c>GET /api/v1/workflows/{id}</c>). Null lists every workflow.
    /// </summary>
    [Id(3)] public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Rows per page when none is asked for.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The deepest page number accepted, so that (page - 1) × pageSize never overflows.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;
}
