namespace JobScheduler.Grains.Interfaces;

/// <summary>One row of the workflow listing (<c>GET /api/v1/workflows</c>): enough to show and filter, without the steps' specs.</summary>
[GenerateSerializer, Alias("JobScheduler.WorkflowSummary")]
public sealed record WorkflowSummary
{
    /// <summary>The label that names a workflow in listings.</summary>
    public const string NameLabel = "name";

    /// <summary>The workflow id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The current state.</summary>
    [Id(1)] public required WorkflowState State { get; init; }

    /// <summary>The workflow's <c>name</c> label, if it has one.</summary>
    [Id(2)] public string? Name { get; init; }

    /// <summary>How many steps are in each state (every state present, zeros included).</summary>
    [Id(3)] public IReadOnlyDictionary<WorkflowStepState, int> Steps { get; init; } = new Dictionary<WorkflowStepState, int>();

    /// <summary>When the workflow was accepted (listings are newest first by this).</summary>
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the workflow or one of its steps last changed.</summary>
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the workflow reached its terminal state.</summary>
    [Id(6)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The distinct queues its steps run in, sorted: a key limited to queues lists the workflow only when it may use them all.</summary>
    [Id(7)] public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>The workflow's labels.</summary>
    [Id(8)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Projects a full record onto a listing row.</summary>
    public static WorkflowSummary From(WorkflowRecord workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return new WorkflowSummary
        {
            Id = workflow.Id,
            State = workflow.State,
            Name = workflow.Spec.Labels.GetValueOrDefault(NameLabel),
            Steps = Enum.GetValues<WorkflowStepState>().ToDictionary(s => s, s => workflow.Steps.Count(step => step.State == s)),
            CreatedAt = workflow.CreatedAt,
            UpdatedAt = workflow.UpdatedAt,
            EndedAt = workflow.EndedAt,
            Queues = [.. workflow.Spec.Steps.Select(s => s.Job.Queue).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Labels = workflow.Spec.Labels,
        };
    }
}
