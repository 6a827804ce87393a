namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Everything known about a workflow: its spec, state and every step's state and job. The workflow grain persists
/// exactly this record (as JSON) and the API returns it from <c>GET /api/v1/workflows/{id}</c>.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowRecord")]
public sealed record WorkflowRecord
{
    [Id(6)] private readonly WorkflowStepStatus[] _steps = [];

    /// <summary>The workflow id (also the workflow grain's key).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>What to run.</summary>
    [Id(1)] public required WorkflowSpec Spec { get; init; }

    /// <summary>The current state.</summary>
    [Id(2)] public required WorkflowState State { get; init; }

    /// <summary>When the workflow was accepted.</summary>
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the workflow or one of its steps last changed.</summary>
    [Id(4)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the workflow reached its terminal state.</summary>
    [Id(5)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Every step, in the order of <see cref="WorkflowSpec.Steps"/>.</summary>
    public IReadOnlyList<WorkflowStepStatus> Steps
    {
        get => _steps;
        init => _steps = value?.ToArray() ?? [];
    }

    /// <summary>The schedule that started the workflow, told when it ends; null for workflows started directly.</summary>
    [Id(7)] public JobParent? Parent { get; init; }
}
